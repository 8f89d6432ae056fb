package io.zkml.compiler.onnx;

import io.zkml.compiler.CompileException;
import io.zkml.compiler.graph.Constant;
import io.zkml.compiler.onnx.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decodes ONNX TensorProtos (typed fields or little-endian raw_data) into {@link Constant}s. */
public final class Tensors {

    private static final String[] TYPE_NAMES = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64",
        "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};

    private static final long EXACT_LIMIT = 1L << 53;

    private Tensors() {
    }

    /** The ONNX name of a data type number. */
    public static String typeName(int type) {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : "data type " + type;
    }

    /**
     * The tensor's values.
     *
     * @param where what the tensor is, for error messages
     * @throws CompileException for external data, an unsupported data type or a count that does not match the shape
     */
    public static Constant decode(TensorProto t, String where) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new CompileException(where + ": external tensor data is not supported; save the model with its weights inside");
        }
        int[] shape = new int[t.getDimsCount()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new CompileException(where + ": dimension " + i + " is " + d);
            }
            shape[i] = (int) d;
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new CompileException(where + ": more than 2^31 elements");
            }
        }
        int n = (int) size;
        int type = t.getDataType();
        double[] v = t.hasRawData() ? raw(t, type, n, where) : typed(t, type, where);
        if (v.length != n) {
            throw new CompileException(where + ": shape holds " + n + " elements but the data has " + v.length);
        }
        return new Constant(shape, v);
    }

    private static int width(int type, String where) {
        return switch (type) {
            case 1, 6, 12 -> 4;
            case 2, 3, 9 -> 1;
            case 4, 5 -> 2;
            case 7, 11, 13 -> 8;
            default -> throw unsupported(type, where);
        };
    }

    private static CompileException unsupported(int type, String where) {
        return new CompileException(where + ": data type " + typeName(type)
                + " is not supported (supported: FLOAT, DOUBLE, INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, BOOL)");
    }

    private static double[] raw(TensorProto t, int type, int n, String where) {
        int w = width(type, where);
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() != (long) n * w) {
            throw new CompileException(where + ": raw_data has " + b.remaining() + " bytes, the shape needs " + (long) n * w);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case 1 -> b.getFloat();
                case 11 -> b.getDouble();
                case 2, 9 -> b.get() & 0xff;
                case 3 -> b.get();
                case 4 -> b.getShort() & 0xffff;
                case 5 -> b.getShort();
                case 6 -> b.getInt();
                case 12 -> b.getInt() & 0xffffffffL;
                case 7 -> exact(b.getLong(), where);
                case 13 -> exactUnsigned(b.getLong(), where);
                default -> throw unsupported(type, where);
            };
        }
        return v;
    }

    private static double[] typed(TensorProto t, int type, String where) {
        return switch (type) {
            case 1 -> {
                double[] v = new double[t.getFloatDataCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = t.getFloatData(i);
                }
                yield v;
            }
            case 11 -> t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
            case 2, 3, 4, 5, 6, 9 -> t.getInt32DataList().stream().mapToDouble(Integer::doubleValue).toArray();
            case 7 -> t.getInt64DataList().stream().mapToDouble(x -> exact(x, where)).toArray();
            case 12, 13 -> t.getUint64DataList().stream().mapToDouble(x -> exactUnsigned(x, where)).toArray();
            default -> throw unsupported(type, where);
        };
    }

    private static double exact(long x, String where) {
        if (x >= EXACT_LIMIT || x <= -EXACT_LIMIT) {
            // INT64_MAX / INT64_MIN are ONNX's "to the end" markers (Slice); keep them recognisable
            return x > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return x;
    }

    private static double exactUnsigned(long x, String where) {
        if (x < 0 || x >= EXACT_LIMIT) {
            throw new CompileException(where + ": integer " + Long.toUnsignedString(x) + " is beyond 2^53");
        }
        return x;
    }
}
