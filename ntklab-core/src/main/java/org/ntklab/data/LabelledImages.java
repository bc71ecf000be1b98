package org.ntklab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.IntFunction;

/** An IDX image file and its label file, checked to describe the same number of samples. */
record LabelledImages(String source, IdxImages images, int[] labels, IntFunction<String> classNames)
        implements LabelledSamples {

    LabelledImages {
        if (images.count() != labels.length) {
            throw new DataFormatException("image/label count mismatch in " + source + ": the images file has "
                    + images.count() + " images but the labels file has " + labels.length + " labels");
        }
    }

    static LabelledImages read(Path imagesFile, Path labelsFile, IntFunction<String> classNames) {
        IdxImages images = IdxReader.readImages(imagesFile);
        int[] labels = IdxReader.readLabels(labelsFile);
        return new LabelledImages("images " + imagesFile + " with labels " + labelsFile, images, labels, classNames);
    }

    /** Reads an image/label pair from the classpath (the bundled MNIST subset). */
    static LabelledImages readResources(String imagesResource, String labelsResource, String description,
            IntFunction<String> classNames) {
        IdxImages images;
        int[] labels;
        try (InputStream in = open(imagesResource)) {
            images = IdxReader.readImages(in, "classpath:" + imagesResource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath:" + imagesResource, e);
        }
        try (InputStream in = open(labelsResource)) {
            labels = IdxReader.readLabels(in, "classpath:" + labelsResource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath:" + labelsResource, e);
        }
        return new LabelledImages(description, images, labels, classNames);
    }

    private static InputStream open(String resource) {
        InputStream in = LabelledImages.class.getResourceAsStream(resource);
        if (in == null) {
            throw new DataFormatException("classpath:" + resource + ": resource missing from the ntklab-core jar");
        }
        return in;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int dim() {
        return images.pixelsPerImage();
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public void copyFeatures(int i, double[] target, int offset) {
        int d = images.pixelsPerImage();
        byte[] pixels = images.pixels();
        for (int j = 0; j < d; j++) {
            target[offset + j] = (pixels[i * d + j] & 0xFF) / 255.0;
        }
    }

    @Override
    public String className(int label) {
        return classNames.apply(label);
    }
}
