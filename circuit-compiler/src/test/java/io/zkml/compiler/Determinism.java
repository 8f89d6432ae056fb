package io.zkml.compiler;

import io.zkml.core.field.Fr;
import io.zkml.core.r1cs.Constraint;
import io.zkml.core.r1cs.LinearCombination;
import io.zkml.core.r1cs.R1cs;
import io.zkml.core.r1cs.WireLayout;
import java.math.BigInteger;
import java.util.List;

/**
 * A structural check, in the style of Ecne and Picus, that every wire of an R1CS is determined by the inputs
 * (the constant and the input wires). Rules, applied until nothing changes:
 * <ul>
 *   <li>linear: a constraint whose a and b are fully determined (or one of them empty) and whose c has exactly
 *       one undetermined wire determines it (its coefficient is a non-zero constant);</li>
 *   <li>bits: a constraint of that form whose undetermined c wires are all boolean (constrained by
 *       w·(w − 1) = 0) with coefficients ±g·2^eᵢ of one sign and distinct eᵢ, max eᵢ below 250, determines them
 *       all (a binary representation is unique);</li>
 *   <li>bounded digit (division by a constant d): a linear constraint whose undetermined wires are all boolean,
 *       with normalized coefficients 1, 2, …, 2^(k−1) (the low part R) and h₁ < h₂ < … (the high part) where a
 *       second constraint M = R + T (T another k boolean wires, M a constant) bounds R ≤ M, and the high
 *       coefficients are superincreasing over that bound (hᵢ > M + Σ_{j&lt;i} hⱼ): the representation is unique;</li>
 *   <li>product: a·b = c with a and b determined and c having one undetermined wire (covered by "linear");</li>
 *   <li>division by a computed value: a linear constraint whose undetermined wires are one wire P and booleans R
 *       (±2^j, j = 0..k−1, the sign of P's coefficient), where P = Q·B with B determined and Q's undetermined
 *       wires booleans with distinct power-of-two coefficients, and R + T = M for determined M and k more booleans
 *       T: then X = P + R with 0 ≤ R ≤ M is Euclidean division by B, and P, R and Q's bits are determined; the
 *       same with P = Q·Q and M = 2Q (a combination of Q's bits): X = Q² + R with 0 ≤ R ≤ 2Q makes Q = ⌊√X⌋.</li>
 * </ul>
 * Public outputs are not inputs: they must be determined too.
 */
final class Determinism {

    record Result(int undetermined, int firstUndetermined) {
    }

    private static final BigInteger HALF = Fr.MODULUS.shiftRight(1);

    /** For each boolean wire, the linear constraints it appears in. */
    private final java.util.Map<Integer, List<Integer>> linearUses = new java.util.HashMap<>();

    private Determinism() {
    }

    static Result check(R1cs r) {
        return new Determinism().run(r);
    }

    private Result run(R1cs r) {
        WireLayout l = r.wires();
        boolean[] known = new boolean[l.nWires()];
        known[0] = true;
        for (int w = l.firstPublicInput(); w < l.firstInternal(); w++) {
            known[w] = true;
        }
        boolean[] bool = new boolean[l.nWires()];
        List<Constraint> cs = r.constraints();
        for (Constraint c : cs) {
            int w = booleanWire(c);
            if (w >= 0) {
                bool[w] = true;
            }
        }
        for (int i = 0; i < cs.size(); i++) {
            Constraint c = cs.get(i);
            if (c.a().isEmpty() && c.b().isEmpty()) {
                for (int k = 0; k < c.c().size(); k++) {
                    if (bool[c.c().wire(k)]) {
                        linearUses.computeIfAbsent(c.c().wire(k), x -> new java.util.ArrayList<>()).add(i);
                    }
                }
            }
        }
        boolean[] done = new boolean[cs.size()];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < cs.size(); i++) {
                if (done[i]) {
                    continue;
                }
                Constraint c = cs.get(i);
                if (!allKnown(c.a(), known) || !allKnown(c.b(), known)) {
                    continue;
                }
                int unknown = 0;
                int last = -1;
                for (int k = 0; k < c.c().size(); k++) {
                    if (!known[c.c().wire(k)]) {
                        unknown++;
                        last = k;
                    }
                }
                if (unknown == 0) {
                    done[i] = true;
                } else if (unknown == 1) {
                    known[c.c().wire(last)] = true;
                    done[i] = changed = true;
                } else if (variableDivision(i, cs, known, bool)) {
                    done[i] = changed = true;
                } else if (bitsDetermined(c.c(), known, bool) || boundedDigit(i, cs, known, bool)) {
                    for (int k = 0; k < c.c().size(); k++) {
                        known[c.c().wire(k)] = true;
                    }
                    done[i] = changed = true;
                }
            }
        }
        int count = 0;
        int first = -1;
        for (int w = 0; w < known.length; w++) {
            if (!known[w]) {
                count++;
                if (first < 0) {
                    first = w;
                }
            }
        }
        return new Result(count, first);
    }

    /** Normalized (by the smallest magnitude) coefficients of the undetermined wires, or null if not all boolean, one sign, multiples. */
    private static java.util.TreeMap<BigInteger, Integer> normalized(LinearCombination lc, boolean[] known, boolean[] bool) {
        java.util.Map<Integer, BigInteger> mag = new java.util.HashMap<>();
        BigInteger g = null;
        int sign = 0;
        for (int k = 0; k < lc.size(); k++) {
            int w = lc.wire(k);
            if (known[w]) {
                continue;
            }
            if (!bool[w]) {
                return null;
            }
            BigInteger v = lc.coefficient(k).toBigInteger();
            int s = v.compareTo(HALF) > 0 ? -1 : 1;
            if (s < 0) {
                v = Fr.MODULUS.subtract(v);
            }
            if (sign != 0 && s != sign) {
                return null;
            }
            sign = s;
            mag.put(w, v);
            g = g == null || v.compareTo(g) < 0 ? v : g;
        }
        java.util.TreeMap<BigInteger, Integer> out = new java.util.TreeMap<>();
        for (var e : mag.entrySet()) {
            BigInteger[] qr = e.getValue().divideAndRemainder(g);
            if (qr[1].signum() != 0 || out.put(qr[0], e.getKey()) != null) {
                return null;
            }
        }
        return out;
    }

    private boolean boundedDigit(int index, List<Constraint> cs, boolean[] known, boolean[] bool) {
        Constraint c1 = cs.get(index);
        if (!c1.a().isEmpty() || !c1.b().isEmpty()) {
            return false;
        }
        java.util.TreeMap<BigInteger, Integer> coef = normalized(c1.c(), known, bool);
        if (coef == null) {
            return false;
        }
        java.util.Map<Integer, Integer> low = new java.util.HashMap<>();
        int k = 0;
        while (coef.containsKey(BigInteger.ONE.shiftLeft(k))) {
            low.put(coef.get(BigInteger.ONE.shiftLeft(k)), k);
            k++;
        }
        if (k == 0) {
            return false;
        }
        // find M = R + T among the other linear constraints: constant M, R the low wires with 2^j, T k fresh booleans with 2^j
        for (int j : linearUses.getOrDefault(coef.get(BigInteger.ONE), List.of())) {
            Constraint c2 = cs.get(j);
            if (j == index || c2.c().size() != 2 * k + 1 || c2.c().wire(0) != 0) {
                continue;
            }
            BigInteger m = bound(c2.c(), low, k, known, bool);
            if (m == null) {
                continue;
            }
            BigInteger sum = m;
            boolean ok = true;
            for (var e : coef.entrySet()) {
                if (low.containsKey(e.getValue())) {
                    continue;
                }
                if (e.getKey().compareTo(sum) <= 0) {
                    ok = false;
                    break;
                }
                sum = sum.add(e.getKey());
            }
            if (ok && sum.bitLength() < 250) {
                return true;
            }
        }
        return false;
    }

    /** The division rule (see the class comment); marks P, R and Q's bits determined when it applies. */
    private boolean variableDivision(int index, List<Constraint> cs, boolean[] known, boolean[] bool) {
        Constraint e = cs.get(index);
        if (!e.a().isEmpty() || !e.b().isEmpty()) {
            return false;
        }
        int p = -1;
        BigInteger pCoef = null;
        java.util.Map<Integer, BigInteger> rest = new java.util.HashMap<>();
        for (int k = 0; k < e.c().size(); k++) {
            int w = e.c().wire(k);
            if (known[w]) {
                continue;
            }
            if (!bool[w]) {
                if (p >= 0) {
                    return false;
                }
                p = w;
                pCoef = e.c().coefficient(k).toBigInteger();
            } else {
                rest.put(w, e.c().coefficient(k).toBigInteger());
            }
        }
        if (p < 0 || rest.isEmpty()) {
            return false;
        }
        // R: ±2^j with the sign of P's coefficient, P's coefficient ±1
        boolean pNeg = pCoef.compareTo(HALF) > 0;
        if (!(pNeg ? Fr.MODULUS.subtract(pCoef) : pCoef).equals(BigInteger.ONE)) {
            return false;
        }
        java.util.Map<Integer, Integer> low = new java.util.HashMap<>();
        for (var r : rest.entrySet()) {
            BigInteger v = r.getValue();
            if ((v.compareTo(HALF) > 0) != pNeg) {
                return false;
            }
            v = pNeg ? Fr.MODULUS.subtract(v) : v;
            if (v.bitCount() != 1 || low.containsValue(v.bitLength() - 1)) {
                return false;
            }
            low.put(r.getKey(), v.bitLength() - 1);
        }
        int k = low.size();
        if (low.values().stream().mapToInt(Integer::intValue).max().orElse(-1) != k - 1) {
            return false;
        }
        // the product P = Q·B
        Constraint prod = null;
        for (Constraint c : cs) {
            if (c.c().size() == 1 && c.c().wire(0) == p && c.c().coefficient(0).isOne() && !c.a().isEmpty()
                    && (allKnown(c.b(), known) || sameLc(c.a(), c.b()))) {
                prod = c;
                break;
            }
        }
        if (prod == null || !bitsDetermined(prod.a(), known, bool)) {
            return false;
        }
        // the bound R + T = M, M determined or (for a square root Q·Q) a combination of Q's wires
        java.util.Set<Integer> qWires = new java.util.HashSet<>();
        for (int i = 0; i < prod.a().size(); i++) {
            qWires.add(prod.a().wire(i));
        }
        boolean square = !allKnown(prod.b(), known);
        boolean bounded = false;
        for (int j : linearUses.getOrDefault(low.keySet().iterator().next(), List.of())) {
            Constraint c2 = cs.get(j);
            if (j == index) {
                continue;
            }
            int lowSeen = 0;
            java.util.BitSet tExp = new java.util.BitSet();
            boolean ok = true;
            BigInteger sign = null;
            for (int i = 0; i < c2.c().size() && ok; i++) {
                int w = c2.c().wire(i);
                if (known[w] || (square && qWires.contains(w))) {
                    continue;
                }
                BigInteger v = c2.c().coefficient(i).toBigInteger();
                boolean neg = v.compareTo(HALF) > 0;
                BigInteger s = neg ? BigInteger.ONE.negate() : BigInteger.ONE;
                v = neg ? Fr.MODULUS.subtract(v) : v;
                if (!bool[w] || (sign != null && !sign.equals(s)) || v.bitCount() != 1 || v.bitLength() > k) {
                    ok = false;
                    break;
                }
                sign = s;
                int ex = v.bitLength() - 1;
                if (low.containsKey(w)) {
                    ok = low.get(w) == ex;
                    lowSeen++;
                } else {
                    ok = !tExp.get(ex);
                    tExp.set(ex);
                }
            }
            if (ok && lowSeen == k && tExp.cardinality() == k) {
                bounded = true;
                break;
            }
        }
        if (!bounded) {
            return false;
        }
        known[p] = true;
        low.keySet().forEach(w -> known[w] = true);
        for (int i = 0; i < prod.a().size(); i++) {
            known[prod.a().wire(i)] = true;
        }
        return true;
    }

    private static boolean sameLc(LinearCombination x, LinearCombination y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (x.wire(i) != y.wire(i) || !x.coefficient(i).equals(y.coefficient(i))) {
                return false;
            }
        }
        return true;
    }

    /** M if lc is ±(M − Σ 2^j·low_j − Σ 2^j·t_j), each low wire with the exponent it has in the first constraint; else null. */
    private static BigInteger bound(LinearCombination lc, java.util.Map<Integer, Integer> low, int k, boolean[] known, boolean[] bool) {
        BigInteger m = lc.coefficient(0).toBigInteger();
        int sign = m.compareTo(HALF) > 0 ? -1 : 1;
        if (sign < 0) {
            m = Fr.MODULUS.subtract(m);
        }
        int lowSeen = 0;
        java.util.BitSet tExp = new java.util.BitSet();
        java.util.BitSet lExp = new java.util.BitSet();
        for (int i = 1; i < lc.size(); i++) {
            int w = lc.wire(i);
            if (!bool[w]) {
                return null;
            }
            BigInteger v = lc.coefficient(i).toBigInteger();
            // the terms must carry the sign opposite to M
            if (sign > 0) {
                v = Fr.MODULUS.subtract(v);
            }
            if (v.bitCount() != 1 || v.bitLength() - 1 >= k) {
                return null;
            }
            int e = v.bitLength() - 1;
            if (low.containsKey(w)) {
                if (lExp.get(e) || low.get(w) != e) {
                    return null;
                }
                lExp.set(e);
                lowSeen++;
            } else {
                if (tExp.get(e)) {
                    return null;
                }
                tExp.set(e);
            }
        }
        return lowSeen == k && tExp.cardinality() == k ? m : null;
    }

    private static boolean allKnown(LinearCombination lc, boolean[] known) {
        for (int k = 0; k < lc.size(); k++) {
            if (!known[lc.wire(k)]) {
                return false;
            }
        }
        return true;
    }

    /** w if the constraint is w·(w − 1) = 0 (in either factor order), else −1. */
    private static int booleanWire(Constraint c) {
        if (!c.c().isEmpty() || c.a().size() != 1 || c.b().isEmpty() || c.b().size() > 2) {
            return -1;
        }
        int w = c.a().wire(0);
        if (w == 0 || !c.a().coefficient(0).isOne()) {
            return -1;
        }
        boolean hasW = false;
        boolean hasMinusOne = false;
        for (int k = 0; k < c.b().size(); k++) {
            if (c.b().wire(k) == w && c.b().coefficient(k).isOne()) {
                hasW = true;
            } else if (c.b().wire(k) == 0 && c.b().coefficient(k).equals(Fr.ONE.neg())) {
                hasMinusOne = true;
            }
        }
        return hasW && hasMinusOne && c.b().size() == 2 ? w : -1;
    }

    private static boolean bitsDetermined(LinearCombination lc, boolean[] known, boolean[] bool) {
        java.util.TreeMap<BigInteger, Integer> coef = normalized(lc, known, bool);
        if (coef == null) {
            return false;
        }
        for (BigInteger q : coef.keySet()) {
            if (q.bitCount() != 1 || q.bitLength() > 250) {
                return false;
            }
        }
        return true;
    }
}
