package org.ntklab.train;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ntklab.io.AtomicFiles;

/**
 * Everything needed to continue a run bit for bit: its configuration, the integrator's state, the
 * parameters, the kernel machine's state and how many metrics rows were written. The initial
 * parameters are not stored: they are redrawn from the seed.
 *
 * <p>Format: magic "NTKLABCK", format version, the fields, then the SHA-256 of everything before it.
 * A truncated, corrupted or foreign file is refused with a message saying which.
 */
public record Checkpoint(Map<String, String> config, double[] integratorState, double[] parameters,
                         double[] kernelMachineState, int metricsRows) {
    public static final String FILE_NAME = "checkpoint.bin";
    private static final byte[] MAGIC = "NTKLABCK".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int DIGEST_BYTES = 32;

    public void write(Path file) {
        AtomicFiles.write(file, out -> {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(header);
            data.write(MAGIC);
            data.writeInt(VERSION);
            data.writeInt(config.size());
            for (Map.Entry<String, String> e : config.entrySet()) {
                data.writeUTF(e.getKey());
                data.writeUTF(e.getValue());
            }
            writeArray(data, integratorState);
            writeArray(data, kernelMachineState);
            data.writeInt(metricsRows);
            data.writeLong(parameters.length);
            data.flush();
            MessageDigest digest = sha256();
            byte[] head = header.toByteArray();
            digest.update(head);
            out.write(head);
            // the parameter vector can be large: stream it in chunks through the digest
            byte[] buffer = new byte[8 * 8192];
            for (int i = 0; i < parameters.length; i += 8192) {
                int count = Math.min(8192, parameters.length - i);
                for (int k = 0; k < count; k++) {
                    long bits = Double.doubleToRawLongBits(parameters[i + k]);
                    for (int b = 0; b < 8; b++) {
                        buffer[8 * k + b] = (byte) (bits >>> (56 - 8 * b));
                    }
                }
                digest.update(buffer, 0, 8 * count);
                out.write(buffer, 0, 8 * count);
            }
            out.write(digest.digest());
        });
    }

    public static Checkpoint read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (size < MAGIC.length + 4 + DIGEST_BYTES) {
            throw new CorruptCheckpointException(file, "file is too short (" + size + " bytes) to be a checkpoint");
        }
        MessageDigest digest = sha256();
        try (InputStream raw = Files.newInputStream(file);
             // buffer below the digest so that it sees exactly the bytes consumed, not read-ahead
             DataInputStream in = new DataInputStream(new java.security.DigestInputStream(
                     new java.io.BufferedInputStream(raw, 1 << 16), digest))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CorruptCheckpointException(file, "not an ntklab checkpoint (wrong magic bytes)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new CorruptCheckpointException(file, "checkpoint format version " + version
                        + " is not supported (this ntklab reads version " + VERSION + ")");
            }
            int entries = in.readInt();
            if (entries < 0 || entries > 1000) {
                throw new CorruptCheckpointException(file, "implausible configuration size " + entries);
            }
            Map<String, String> config = new LinkedHashMap<>();
            for (int i = 0; i < entries; i++) {
                config.put(in.readUTF(), in.readUTF());
            }
            double[] integrator = readArray(in, file, size);
            double[] machine = readArray(in, file, size);
            int rows = in.readInt();
            long count = in.readLong();
            if (count < 0 || count > size / 8) { // not count * 8: a corrupted count can overflow it
                throw new CorruptCheckpointException(file, "claims " + count + " parameters but holds " + size + " bytes");
            }
            double[] parameters = new double[(int) count];
            byte[] buffer = new byte[8 * 8192];
            for (int i = 0; i < parameters.length; i += 8192) {
                int chunk = Math.min(8192, parameters.length - i);
                in.readFully(buffer, 0, 8 * chunk);
                for (int k = 0; k < chunk; k++) {
                    long bits = 0;
                    for (int b = 0; b < 8; b++) {
                        bits = (bits << 8) | (buffer[8 * k + b] & 0xFF);
                    }
                    parameters[i + k] = Double.longBitsToDouble(bits);
                }
            }
            // the digest stream has seen every byte so far; compare with the stored digest
            byte[] expected = digest.digest();
            byte[] stored = new byte[DIGEST_BYTES];
            int got = 0;
            while (got < DIGEST_BYTES) {
                int r = in.read(stored, got, DIGEST_BYTES - got);
                if (r < 0) {
                    throw new CorruptCheckpointException(file, "truncated (checksum missing)");
                }
                got += r;
            }
            if (!MessageDigest.isEqual(expected, stored) || in.read() != -1) {
                throw new CorruptCheckpointException(file, "checksum mismatch: the file is corrupted");
            }
            return new Checkpoint(config, integrator, parameters, machine, rows);
        } catch (java.io.EOFException e) {
            throw new CorruptCheckpointException(file, "truncated");
        } catch (java.io.UTFDataFormatException e) {
            // a damaged configuration string (an IOException, but a problem of the file, not of the disk)
            throw new CorruptCheckpointException(file, "malformed text in the configuration (" + e.getMessage()
                    + "): the file is corrupted");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeArray(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    private static double[] readArray(DataInputStream in, Path file, long size) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * 8 > size) {
            throw new CorruptCheckpointException(file, "implausible array length " + n);
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Double.longBitsToDouble(in.readLong());
        }
        return values;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** A checkpoint file that cannot be trusted. */
    public static final class CorruptCheckpointException extends RuntimeException {
        public CorruptCheckpointException(Path file, String problem) {
            super("checkpoint " + file + ": " + problem);
        }
    }

}
