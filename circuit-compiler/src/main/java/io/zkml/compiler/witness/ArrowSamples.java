package io.zkml.compiler.witness;

import io.zkml.compiler.CompileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * Samples in Arrow IPC form (the file format, magic {@code ARROW1}, or the stream format). Each row of each
 * record batch is one sample. Columns:
 * <ul>
 * <li>one per graph input, holding its elements flat row-major, of type {@code list<T>} or
 * {@code fixed_size_list<T, n>}, with T any float (16/32/64-bit) or integer type; a plain numeric column serves
 * an input of one element;</li>
 * <li>optionally one per graph output, the float model's outputs for the sample, of the same types.</li>
 * </ul>
 * Columns are matched by name when every graph input has a column of its name (outputs then by their names too);
 * otherwise by position: the inputs in graph order, then, if present, the outputs in graph order. Nulls are
 * refused.
 */
final class ArrowSamples {

    private ArrowSamples() {
    }

    /** Reads the file format from a seekable channel, or the stream format from a stream; {@code where} names the source in errors. */
    static Samples read(SeekableByteChannel file, InputStream stream, String where, Samples.Signature sig) {
        boolean fileFormat = file != null;
        try (BufferAllocator alloc = new RootAllocator();
                ArrowReader r = fileFormat ? new ArrowFileReader(file, alloc) : new ArrowStreamReader(stream, alloc)) {
            return readAll(r, where, sig);
        } catch (CompileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CompileException(where + " is not a readable Arrow IPC " + (fileFormat ? "file" : "stream") + ": " + e.getMessage());
        }
    }

    private static Samples readAll(ArrowReader r, String file, Samples.Signature sig) throws IOException {
        VectorSchemaRoot root = r.getVectorSchemaRoot();
        List<String> names = root.getSchema().getFields().stream().map(f -> f.getName()).toList();
        int nIn = sig.inputNames().size();
        int nOut = sig.outputNames().size();
        int[] inCol = new int[nIn];
        int[] outCol = new int[nOut];
        boolean byName = names.containsAll(sig.inputNames());
        boolean hasOutputs;
        if (byName) {
            for (int k = 0; k < nIn; k++) {
                inCol[k] = names.indexOf(sig.inputNames().get(k));
            }
            hasOutputs = names.containsAll(sig.outputNames()) && nOut > 0;
            for (int k = 0; k < nOut && hasOutputs; k++) {
                outCol[k] = names.indexOf(sig.outputNames().get(k));
            }
        } else {
            if (names.size() != nIn && names.size() != nIn + nOut) {
                throw new CompileException(file + ": the model has " + nIn + " inputs " + sig.inputNames() + " and " + nOut + " outputs; the Arrow schema has "
                        + names.size() + " columns " + names + " (give one column per input, named like it or in order, optionally followed by one per output)");
            }
            for (int k = 0; k < nIn; k++) {
                inCol[k] = k;
            }
            hasOutputs = names.size() == nIn + nOut && nOut > 0;
            for (int k = 0; k < nOut; k++) {
                outCol[k] = nIn + k;
            }
        }
        List<List<double[]>> inputs = new ArrayList<>();
        List<List<double[]>> outputs = new ArrayList<>();
        int rowBase = 0;
        while (r.loadNextBatch()) {
            int rows = root.getRowCount();
            for (int i = 0; i < rows; i++) {
                List<double[]> in = new ArrayList<>();
                for (int k = 0; k < nIn; k++) {
                    double[] x = row(root.getVector(inCol[k]), i, file, rowBase + i);
                    if (x.length != sig.inputSizes().get(k)) {
                        throw new CompileException(file + " row " + (rowBase + i) + " column '" + names.get(inCol[k]) + "' holds " + x.length
                                + " values; input '" + sig.inputNames().get(k) + "' has " + sig.inputSizes().get(k) + " elements");
                    }
                    in.add(x);
                }
                inputs.add(in);
                if (hasOutputs) {
                    List<double[]> out = new ArrayList<>();
                    for (int k = 0; k < nOut; k++) {
                        out.add(row(root.getVector(outCol[k]), i, file, rowBase + i));
                    }
                    outputs.add(out);
                }
            }
            rowBase += rows;
        }
        if (inputs.isEmpty()) {
            throw new CompileException(file + " holds no rows");
        }
        return new Samples(inputs, outputs);
    }

    /** The values of one row of a column, flat. */
    private static double[] row(FieldVector v, int i, String file, int rowNumber) {
        String where = file + " row " + rowNumber + " column '" + v.getName() + "'";
        if (v.isNull(i)) {
            throw new CompileException(where + " is null");
        }
        return switch (v) {
            case ListVector l -> values(l.getDataVector(), l.getElementStartIndex(i), l.getElementEndIndex(i), where);
            case FixedSizeListVector l -> values(l.getDataVector(), i * l.getListSize(), (i + 1) * l.getListSize(), where);
            default -> values(v, i, i + 1, where);
        };
    }

    private static double[] values(ValueVector data, int from, int to, String where) {
        double[] x = new double[to - from];
        for (int j = from; j < to; j++) {
            if (data.isNull(j)) {
                throw new CompileException(where + " element " + (j - from) + " is null");
            }
            x[j - from] = switch (data) {
                case FloatingPointVector f -> f.getValueAsDouble(j);
                case BaseIntVector n -> n.getValueAsLong(j);
                default -> throw new CompileException(where + " has elements of type " + data.getField().getType()
                        + "; expected list<float|double|integer> or fixed_size_list of them");
            };
        }
        return x;
    }
}
