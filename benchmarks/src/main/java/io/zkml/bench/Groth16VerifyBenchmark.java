package io.zkml.bench;

import io.zkml.core.groth16.Proof;
import io.zkml.core.groth16.VerifyingKey;
import io.zkml.core.snarkjs.ProofJson;
import io.zkml.core.snarkjs.PublicSignalsJson;
import io.zkml.core.snarkjs.VerificationKeyJson;
import io.zkml.core.testing.SnarkjsFixtures;
import io.zkml.verifier.Groth16;
import io.zkml.verifier.PreparedVerifyingKey;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Groth16 verification of snarkjs's fixture proofs: {@code five_public} has 6 public signals, {@code square_chain}
 * 2. {@code verifyPrepared} is the steady state of a service (key prepared once); {@code verifyCold} prepares
 * the key every time (e(α, β) and the −γ, −δ lines included), as a one-shot {@code zkml verify} does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Groth16VerifyBenchmark {

    @Param({"five_public", "square_chain"})
    String circuit;

    VerifyingKey vk;
    PreparedVerifyingKey pvk;
    Proof proof;
    List<BigInteger> signals;

    @Setup
    public void load() {
        vk = VerificationKeyJson.read(circuit, SnarkjsFixtures.text(circuit + "_vk.json"));
        proof = ProofJson.read(circuit, SnarkjsFixtures.text(circuit + "_proof.json"));
        signals = PublicSignalsJson.read(circuit, SnarkjsFixtures.text(circuit + "_public.json"));
        pvk = Groth16.prepare(vk);
        if (!Groth16.verify(pvk, proof, signals)) {
            throw new IllegalStateException("fixture proof does not verify: " + circuit);
        }
    }

    @Benchmark
    public boolean verifyPrepared() {
        return Groth16.verify(pvk, proof, signals);
    }

    @Benchmark
    public boolean verifyCold() {
        return Groth16.verify(vk, proof, signals);
    }
}
