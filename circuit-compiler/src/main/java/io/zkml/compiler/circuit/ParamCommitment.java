package io.zkml.compiler.circuit;

import io.zkml.compiler.quant.QProgram;
import io.zkml.core.field.Fr;
import io.zkml.core.hash.Commitment;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The commitment to a model's committed parameters: {@code Poseidon(salt, p_1, …, p_n)} (zk-core's
 * {@link Commitment}), where p_1..p_n are the quantized parameters (weights at the parameter scale, biases at
 * the input's scale plus the parameter scale: the integers the circuit's parameter wires hold) in program order —
 * layer by layer in the graph's node order, each layer's weight tensor then its bias tensor, each tensor in its
 * ONNX row-major layout — negative values embedded as r − |p|. The salt is a private input of the circuit; with
 * salt 0 (the default) the commitment is a function of the published weight file alone.
 */
public final class ParamCommitment {

    /** The hash and long-input rule, as {@code zkml commit} names it. */
    public static final String SCHEME = CircuitFiles.COMMITMENT_SCHEME;

    private ParamCommitment() {
    }

    /** The preimage without the salt: every parameter as a field element, in order. */
    public static List<Fr> values(long[][] params) {
        List<Fr> out = new ArrayList<>();
        for (long[] t : params) {
            for (long p : t) {
                out.add(Commitment.embed(BigInteger.valueOf(p)));
            }
        }
        return out;
    }

    /** The commitment to the given parameters (one array per tensor, in program order) with the given salt. */
    public static Fr of(Fr salt, long[][] params) {
        return Commitment.commit(salt, values(params)).value();
    }

    /** The commitment to a program's own parameters with the given salt. */
    public static Fr of(Fr salt, QProgram p) {
        if (p.params() == null) {
            throw new IllegalArgumentException("the program's parameters are fixed, not committed");
        }
        return of(salt, p.params().ownValues());
    }
}
