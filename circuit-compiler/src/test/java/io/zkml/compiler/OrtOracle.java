package io.zkml.compiler;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** ONNX Runtime (Java) as the float oracle: runs a model on flat inputs (float, or INT64 where the model says so) of the given shapes. */
final class OrtOracle {

    private OrtOracle() {
    }

    static List<float[]> run(byte[] model, List<double[]> inputs, List<int[]> shapes) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model, so)) {
                return run(env, s, inputs, shapes);
            }
        }
    }

    /** A model of one graph input run on each sample in turn (one session); the first output of each run. */
    static List<float[]> runEach(byte[] model, List<double[]> samples, int[] shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model, so)) {
                List<float[]> out = new ArrayList<>();
                for (double[] x : samples) {
                    out.add(run(env, s, List.of(x), List.of(shape)).getFirst());
                }
                return out;
            }
        }
    }

    private static List<float[]> run(OrtEnvironment env, OrtSession s, List<double[]> inputs, List<int[]> shapes) throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        List<String> names = new ArrayList<>(s.getInputNames());
        try {
            for (int k = 0; k < inputs.size(); k++) {
                double[] x = inputs.get(k);
                long[] shape = java.util.Arrays.stream(shapes.get(k)).asLongStream().toArray();
                var info = (ai.onnxruntime.TensorInfo) s.getInputInfo().get(names.get(k)).getInfo();
                if (info.type == ai.onnxruntime.OnnxJavaType.INT64) {
                    long[] l = java.util.Arrays.stream(x).mapToLong(v -> (long) v).toArray();
                    feed.put(names.get(k), OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(l), shape));
                    continue;
                }
                float[] f = new float[x.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) x[i];
                }
                feed.put(names.get(k), OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape));
            }
            try (OrtSession.Result r = s.run(feed)) {
                List<float[]> out = new ArrayList<>();
                for (int k = 0; k < r.size(); k++) {
                    OnnxTensor t = (OnnxTensor) r.get(k);
                    float[] a = switch (t.getInfo().type) {
                        case FLOAT -> {
                            FloatBuffer b = t.getFloatBuffer();
                            float[] f = new float[b.remaining()];
                            b.get(f);
                            yield f;
                        }
                        case DOUBLE -> toFloats(t.getDoubleBuffer().remaining(), t.getDoubleBuffer()::get);
                        case INT64 -> toFloats(t.getLongBuffer().remaining(), t.getLongBuffer()::get);
                        case INT32 -> toFloats(t.getIntBuffer().remaining(), t.getIntBuffer()::get);
                        case BOOL, INT8, UINT8 -> toFloats(t.getByteBuffer().remaining(), t.getByteBuffer()::get);
                        default -> throw new IllegalStateException("output " + k + " is of type " + t.getInfo().type);
                    };
                    out.add(a);
                }
                return out;
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] toFloats(int n, java.util.function.IntFunction<? extends Number> get) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = get.apply(i).floatValue();
        }
        return f;
    }
}
