package io.zkml.core.zkey;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import java.util.Objects;

/**
 * Section 2 of a Groth16 {@code .zkey}: the sizes of the circuit and the key's fixed points. (The field sizes
 * and primes that open the section on disk are BN254's, checked on reading and written back as they are.)
 *
 * @param nVars the number of wires, the constant wire 0 included
 * @param nPublic the number of public signals (outputs, then public inputs), wire 0 not counted
 * @param domainSize the size n of the evaluation domain, a power of two above nConstraints + nPublic
 * @param alphaG1 [α]₁
 * @param betaG1 [β]₁
 * @param betaG2 [β]₂
 * @param gammaG2 [γ]₂
 * @param deltaG1 [δ]₁
 * @param deltaG2 [δ]₂
 */
public record ZkeyHeader(int nVars, int nPublic, int domainSize, G1 alphaG1, G1 betaG1, G2 betaG2, G2 gammaG2, G1 deltaG1, G2 deltaG2) {

    public ZkeyHeader {
        if (nPublic < 0) {
            throw new IllegalArgumentException("nPublic must not be negative: " + nPublic);
        }
        if (nVars < nPublic + 1) {
            throw new IllegalArgumentException("nVars (" + nVars + ") must cover the constant wire and the " + nPublic + " public signals");
        }
        if (domainSize < 1 || Integer.bitCount(domainSize) != 1) {
            throw new IllegalArgumentException("domainSize must be a power of two: " + domainSize);
        }
        Objects.requireNonNull(alphaG1, "alphaG1 must not be null");
        Objects.requireNonNull(betaG1, "betaG1 must not be null");
        Objects.requireNonNull(betaG2, "betaG2 must not be null");
        Objects.requireNonNull(gammaG2, "gammaG2 must not be null");
        Objects.requireNonNull(deltaG1, "deltaG1 must not be null");
        Objects.requireNonNull(deltaG2, "deltaG2 must not be null");
    }

    /** log₂ of the domain size. */
    public int power() {
        return Integer.numberOfTrailingZeros(domainSize);
    }
}
