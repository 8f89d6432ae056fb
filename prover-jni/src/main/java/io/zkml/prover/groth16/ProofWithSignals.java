package io.zkml.prover.groth16;

import io.zkml.core.field.Fr;
import io.zkml.core.groth16.Proof;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * A Groth16 proof with the public signals it proves (wires 1 … nPublic of the witness, outputs first: what
 * snarkjs writes to {@code public.json}). Only {@link ProvingContext} makes them, after verifying the proof.
 *
 * @param proof (A, B, C), affine
 * @param publicSignals the public signals, in wire order
 */
public record ProofWithSignals(Proof proof, List<Fr> publicSignals) {

    public ProofWithSignals {
        Objects.requireNonNull(proof, "proof must not be null");
        publicSignals = List.copyOf(publicSignals);
    }

    /** The public signals as integers, as {@link io.zkml.verifier.Groth16#verify} and {@code public.json} take them. */
    public List<BigInteger> publicSignalValues() {
        return publicSignals.stream().map(Fr::toBigInteger).toList();
    }
}
