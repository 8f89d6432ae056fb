package io.zkml.verifier.solidity;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp2;
import io.zkml.core.groth16.VerifyingKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates {@code Verifier.sol}: a Groth16 verifier contract for one verifying key, from zkml's own template
 * ({@code Groth16Verifier.sol.template}, whose header documents every placeholder). The contract has the ABI
 * of snarkjs's generated verifier: {@code verifyProof(uint[2] a, uint[2][2] b, uint[2] c, uint[N] pub)
 * returns (bool)}.
 */
public final class SolidityVerifier {

    private static final String TEMPLATE_NAME = "Groth16Verifier.sol.template";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z0-9_]+)}}");
    private static final Pattern NOTES = Pattern.compile("/\\* TEMPLATE NOTES.*?END TEMPLATE NOTES \\*/\\n\\n", Pattern.DOTALL);
    /** Calldata offset of the first public signal: the selector and the 8 words of a, b, c. */
    private static final int FIRST_SIGNAL_OFFSET = 4 + 8 * 32;

    private SolidityVerifier() {
    }

    /**
     * {@code ZkmlFixedPoint.sol}: a Solidity library that decodes the public signals carrying a model's public
     * outputs (signed fixed point: negative x as r − |x·2^scale|) into signed integers or decimal fixed point.
     */
    public static String fixedPointLibrary() {
        try (java.io.InputStream in = SolidityVerifier.class.getResourceAsStream(FIXED_POINT_NAME)) {
            if (in == null) {
                throw new IllegalStateException(FIXED_POINT_NAME + " is missing from the class path");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The resource of {@link #fixedPointLibrary()}. */
    public static final String FIXED_POINT_NAME = "ZkmlFixedPoint.sol";

    /**
     * The Solidity source of a verifier for {@code vk}.
     *
     * @throws IllegalArgumentException if the key has no public signal (Solidity has no {@code uint[0]}) or a
     *     point at infinity where the contract needs coordinates
     */
    public static String generate(VerifyingKey vk) {
        int n = vk.icG1().size() - 1;
        if (n < 1) {
            throw new IllegalArgumentException("a Solidity verifier needs at least one public signal; this key has none");
        }
        Map<String, String> values = new java.util.HashMap<>();
        values.put("N_PUBLIC", Integer.toString(n));
        putG1(values, "ALPHA", vk.alphaG1());
        putG2(values, "BETA", vk.betaG2());
        putG2(values, "GAMMA", vk.gammaG2());
        putG2(values, "DELTA", vk.deltaG2());
        values.put("IC_CONSTANTS", icConstants(vk.icG1()));
        values.put("IC_ACCUMULATE", icAccumulate(n));

        String template = NOTES.matcher(template()).replaceFirst("");
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 200 * n);
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException(TEMPLATE_NAME + ": unknown placeholder " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String icConstants(List<G1> ic) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < ic.size(); i++) {
            G1 p = ic.get(i);
            s.append("    uint256 constant IC").append(i).append("x = ").append(x(p)).append(";\n");
            s.append("    uint256 constant IC").append(i).append("y = ").append(y(p)).append(";\n");
        }
        return s.toString().stripTrailing();
    }

    /** For each public signal: s[i] < r, ecMul by IC{i+1}, ecAdd into the accumulator (see the template). */
    private static String icAccumulate(int n) {
        StringBuilder s = new StringBuilder();
        String i12 = " ".repeat(12), i16 = " ".repeat(16);
        for (int i = 0; i < n; i++) {
            int k = i + 1;
            s.append(i12).append("{\n");
            s.append(i16).append("let s := calldataload(").append(FIRST_SIGNAL_OFFSET + 32 * i).append(")\n");
            s.append(i16).append("mstore(0x40, IC").append(k).append("x)\n");
            s.append(i16).append("mstore(0x60, IC").append(k).append("y)\n");
            s.append(i16).append("mstore(0x80, s)\n");
            s.append(i16).append("ok := and(ok, and(lt(s, r), and(staticcall(gas(), 6, 0x00, 0x80, 0x00, 0x40), ")
                    .append("staticcall(gas(), 7, 0x40, 0x60, 0x40, 0x40))))\n");
            s.append(i12).append("}\n");
        }
        return s.toString().stripTrailing();
    }

    private static void putG1(Map<String, String> values, String name, G1 p) {
        values.put(name + "_X", x(p));
        values.put(name + "_Y", y(p));
    }

    private static void putG2(Map<String, String> values, String name, G2 p) {
        if (p.isInfinity()) {
            throw new IllegalArgumentException("verifying key: " + name.toLowerCase() + " is the point at infinity");
        }
        Fp2 x = p.affineX(), y = p.affineY();
        values.put(name + "_X1", x.c1().toString());
        values.put(name + "_X0", x.c0().toString());
        values.put(name + "_Y1", y.c1().toString());
        values.put(name + "_Y0", y.c0().toString());
    }

    /** Affine x of a G1 point; infinity is (0, 0), as the precompiles encode it. */
    private static String x(G1 p) {
        return p.isInfinity() ? BigInteger.ZERO.toString() : p.affineX().toString();
    }

    private static String y(G1 p) {
        return p.isInfinity() ? BigInteger.ZERO.toString() : p.affineY().toString();
    }

    private static String template() {
        try (InputStream in = SolidityVerifier.class.getResourceAsStream(TEMPLATE_NAME)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + TEMPLATE_NAME);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
