package io.zkml.verifier.evm;

import io.zkml.core.encoding.EvmAbi;
import io.zkml.core.groth16.Proof;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The transaction input of a call to the generated verifier's
 * {@code verifyProof(uint256[2], uint256[2][2], uint256[2], uint256[N])}: the 4-byte function selector
 * (the first bytes of Keccak-256 of the signature) followed by the ABI words of {@link EvmAbi#encodeCall}.
 * All four parameters are static arrays, so the encoding is the words in order, with no offsets.
 */
public final class Calldata {

    private Calldata() {
    }

    /** The canonical signature, e.g. {@code verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[2])}. */
    public static String signature(int nPublic) {
        return "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[" + nPublic + "])";
    }

    /** The 4-byte selector of {@link #signature}. */
    public static byte[] selector(int nPublic) {
        KeccakDigest keccak = new KeccakDigest(256);
        byte[] sig = signature(nPublic).getBytes(StandardCharsets.US_ASCII);
        keccak.update(sig, 0, sig.length);
        byte[] hash = new byte[32];
        keccak.doFinal(hash, 0);
        return java.util.Arrays.copyOf(hash, 4);
    }

    /** Selector and arguments: the bytes to send to the verifier contract. */
    public static byte[] encode(Proof proof, List<BigInteger> publicSignals) {
        byte[] args = EvmAbi.encodeCall(proof, publicSignals);
        byte[] out = new byte[4 + args.length];
        System.arraycopy(selector(publicSignals.size()), 0, out, 0, 4);
        System.arraycopy(args, 0, out, 4, args.length);
        return out;
    }

    /** {@link #encode} as a 0x-prefixed hex string. */
    public static String hex(Proof proof, List<BigInteger> publicSignals) {
        return EvmAbi.hex(encode(proof, publicSignals));
    }
}
