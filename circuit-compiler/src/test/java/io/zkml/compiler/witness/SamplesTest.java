package io.zkml.compiler.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.compiler.CompileException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.Types.MinorType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sample files: Arrow IPC files and streams written here with Arrow Java (on disk and in memory), and EZKL's input.json with several samples. */
class SamplesTest {

    /** Two inputs ("x" of 3 elements, "y" of 2) and one output ("z"). */
    private static final Samples.Signature SIG = new Samples.Signature(List.of("x", "y"), List.of(3, 2), List.of("z"));

    /** A column of float lists (type float32 when single, else float64); a null row where rows[i] is null. */
    private static ListVector list(BufferAllocator a, String name, boolean single, double[]... rows) {
        ListVector v = ListVector.empty(name, a);
        v.addOrGetVector(FieldType.nullable((single ? MinorType.FLOAT4 : MinorType.FLOAT8).getType()));
        int n = 0;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                v.setNull(i);
                continue;
            }
            v.startNewValue(i);
            for (double x : rows[i]) {
                if (single) {
                    ((Float4Vector) v.getDataVector()).setSafe(n++, (float) x);
                } else {
                    ((Float8Vector) v.getDataVector()).setSafe(n++, x);
                }
            }
            v.endValue(i, rows[i].length);
        }
        v.getDataVector().setValueCount(n);
        v.setValueCount(rows.length);
        return v;
    }

    /** A column of fixed-size int64 lists. */
    private static FixedSizeListVector fixedInts(BufferAllocator a, String name, int size, long[]... rows) {
        FixedSizeListVector v = FixedSizeListVector.empty(name, size, a);
        v.addOrGetVector(FieldType.nullable(MinorType.BIGINT.getType()));
        BigIntVector data = (BigIntVector) v.getDataVector();
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < size; j++) {
                data.setSafe(i * size + j, rows[i][j]);
            }
            v.setNotNull(i);
        }
        data.setValueCount(rows.length * size);
        v.setValueCount(rows.length);
        return v;
    }

    /** Writes the columns as one record batch (or two, splitting the rows, when twoBatches) in the file or stream format. */
    private static Path write(Path file, boolean fileFormat, List<FieldVector> columns) throws Exception {
        try (VectorSchemaRoot root = new VectorSchemaRoot(columns); OutputStream out = Files.newOutputStream(file)) {
            root.setRowCount(columns.getFirst().getValueCount());
            try (ArrowWriter w = fileFormat ? new ArrowFileWriter(root, null, Channels.newChannel(out)) : new ArrowStreamWriter(root, null, out)) {
                w.start();
                w.writeBatch();
                w.writeBatch();
                w.end();
            }
        }
        return file;
    }

    @Test
    void arrowFileWithListsAndFixedSizeListsByName(@TempDir Path dir) throws Exception {
        Path f;
        try (BufferAllocator a = new RootAllocator()) {
            // columns in another order than the graph's, found by name; an output column; an unrelated column
            VarCharVector note = new VarCharVector("note", a);
            note.allocateNew();
            note.setSafe(0, "a".getBytes());
            note.setSafe(1, "b".getBytes());
            note.setValueCount(2);
            f = write(dir.resolve("s.arrow"), true, new ArrayList<>(List.of(
                    fixedInts(a, "y", 2, new long[] {4, -5}, new long[] {6, 7}),
                    note,
                    list(a, "z", false, new double[] {0.25}, new double[] {-0.5}),
                    list(a, "x", true, new double[] {1, 2, 3}, new double[] {0.5, -1.5, 2.25}))));
        }
        assertThat(Samples.detect(f)).isEqualTo(Samples.Format.ARROW_FILE);
        Samples s = Samples.read(f, SIG);
        // the batch was written twice: four rows
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.inputs().get(1).get(0)).containsExactly(0.5, -1.5, 2.25);
        assertThat(s.inputs().get(1).get(1)).containsExactly(6, 7);
        assertThat(s.inputs().get(2).get(0)).containsExactly(1, 2, 3);
        assertThat(s.hasOutputs()).isTrue();
        assertThat(s.outputs().get(1).getFirst()).containsExactly(-0.5);
        assertThat(Samples.one(s, 1, f).get(1)).containsExactly(6, 7);
        assertThatThrownBy(() -> Samples.one(s, null, f)).isInstanceOf(CompileException.class).hasMessageContaining("holds 4 samples: choose one with --row N (0..3)");
        assertThatThrownBy(() -> Samples.one(s, 4, f)).isInstanceOf(CompileException.class).hasMessageContaining("row 4 does not exist");
    }

    @Test
    void arrowStreamByPositionWithoutOutputs(@TempDir Path dir) throws Exception {
        Path f;
        try (BufferAllocator a = new RootAllocator()) {
            f = write(dir.resolve("s.arrows"), false, new ArrayList<>(List.of(
                    list(a, "first", false, new double[] {1, 2, 3}),
                    list(a, "second", false, new double[] {8, 9}))));
        }
        assertThat(Samples.detect(f)).isEqualTo(Samples.Format.ARROW_STREAM);
        Samples s = Samples.read(f, SIG);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.hasOutputs()).isFalse();
        assertThat(s.inputs().getFirst().get(0)).containsExactly(1, 2, 3);
        assertThat(s.inputs().getFirst().get(1)).containsExactly(8, 9);
    }

    @Test
    void bytesInMemoryInEveryForm(@TempDir Path dir) throws Exception {
        for (boolean fileFormat : new boolean[] {true, false}) {
            Path f;
            try (BufferAllocator a = new RootAllocator()) {
                f = write(dir.resolve("s" + fileFormat), fileFormat, new ArrayList<>(List.of(
                        list(a, "x", false, new double[] {1, 2, 3}), list(a, "y", true, new double[] {-1, 0.5}))));
            }
            Samples s = Samples.parse(Files.readAllBytes(f), SIG, "request body");
            assertThat(s.size()).isEqualTo(2);
            assertThat(s.inputs().get(1).get(1)).containsExactly(-1, 0.5);
            byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(f), 40);
            assertThatThrownBy(() -> Samples.parse(cut, SIG, "request body")).isInstanceOf(CompileException.class)
                    .hasMessageContaining("request body is not a readable Arrow IPC " + (fileFormat ? "file" : "stream"));
        }
        Samples j = Samples.parse("{\"input_data\": [[1,2,3], [4,5]]}".getBytes(), SIG, "request body");
        assertThat(j.inputs().getFirst().get(1)).containsExactly(4, 5);
        assertThatThrownBy(() -> Samples.parse("{".getBytes(), SIG, "request body")).isInstanceOf(CompileException.class)
                .hasMessageContaining("request body is neither an Arrow IPC file or stream nor valid JSON");
    }

    @Test
    void arrowMisfitsAreNamed(@TempDir Path dir) throws Exception {
        try (BufferAllocator a = new RootAllocator()) {
            Path wrongSize = write(dir.resolve("size.arrow"), true, new ArrayList<>(List.of(
                    list(a, "x", false, new double[] {1, 2, 3}), list(a, "y", false, new double[] {1, 2, 3}))));
            assertThatThrownBy(() -> Samples.read(wrongSize, SIG)).isInstanceOf(CompileException.class)
                    .hasMessageContaining("row 0 column 'y' holds 3 values; input 'y' has 2 elements");
            Path nulls = write(dir.resolve("null.arrow"), true, new ArrayList<>(List.of(
                    list(a, "x", false, new double[] {1, 2, 3}, null), list(a, "y", false, new double[] {1, 2}, new double[] {1, 2}))));
            assertThatThrownBy(() -> Samples.read(nulls, SIG)).isInstanceOf(CompileException.class).hasMessageContaining("row 1 column 'x' is null");
            Path columns = write(dir.resolve("cols.arrow"), true, new ArrayList<>(List.of(list(a, "a", false, new double[] {1, 2, 3}))));
            assertThatThrownBy(() -> Samples.read(columns, SIG)).isInstanceOf(CompileException.class)
                    .hasMessageContaining("the model has 2 inputs [x, y] and 1 outputs; the Arrow schema has 1 columns [a]");
        }
        Path truncated = dir.resolve("t.arrow");
        Files.write(truncated, "ARROW1\0\0garbage".getBytes());
        assertThatThrownBy(() -> Samples.read(truncated, SIG)).isInstanceOf(CompileException.class).hasMessageContaining("is not a readable Arrow IPC file");
    }

    @Test
    void jsonWithSeveralSamplesAndOutputs(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("in.json");
        Files.writeString(f, "{\"input_data\": [[1,2,3, 4,5,6], [7,8, 9,10]], \"output_data\": [[0.5, 1.5]]}");
        assertThat(Samples.detect(f)).isEqualTo(Samples.Format.JSON);
        Samples s = Samples.read(f, SIG);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.inputs().get(1).get(0)).containsExactly(4, 5, 6);
        assertThat(s.inputs().get(1).get(1)).containsExactly(9, 10);
        assertThat(s.outputs().get(1).getFirst()).containsExactly(1.5);
        Files.writeString(f, "{\"input_data\": [[1,2,3, 4,5,6], [7,8]]}");
        assertThatThrownBy(() -> Samples.read(f, SIG)).isInstanceOf(CompileException.class)
                .hasMessageContaining("input_data[1] ('y') holds 2 values; the input has 2 elements and the other inputs give 2 samples");
        Files.writeString(f, "not json");
        assertThatThrownBy(() -> Samples.read(f, SIG)).isInstanceOf(CompileException.class).hasMessageContaining("neither an Arrow IPC file or stream nor valid JSON");
    }
}
