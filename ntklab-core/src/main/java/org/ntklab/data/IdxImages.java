package org.ntklab.data;

import org.ntklab.io.InvalidInputException;

/**
 * The content of an IDX image file: {@code count} images of rows x cols unsigned bytes, stored
 * image after image, each row-major, exactly as in the file.
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    public IdxImages {
        if ((long) count * rows * cols != pixels.length) {
            throw new InvalidInputException(count + " images of " + rows + "x" + cols + " need "
                    + (long) count * rows * cols + " pixels, got " + pixels.length);
        }
    }

    public int pixelsPerImage() {
        return rows * cols;
    }

    /** Pixel j (row-major) of image i, 0..255. */
    public int pixel(int i, int j) {
        return pixels[i * pixelsPerImage() + j] & 0xFF;
    }
}
