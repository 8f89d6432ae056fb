package io.zkml.prover.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.encoding.PointArray;
import io.zkml.core.ptau.Ptau;
import io.zkml.prover.backend.NativeGroupFft;
import io.zkml.prover.backend.NativeLibrary;
import io.zkml.prover.backend.ProgressListener;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ptau prepare with the native group FFT writes the same four sections as with the Java one. */
class PreparePhase2NativeTest {

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    void nativeAndJavaPrepareTheSameFile() {
        NativeLibrary.require();
        assertThat(NativeGroupFft.isAvailable()).isTrue();
        Ptau p0 = PowersOfTau.newAccumulator(4);
        Ptau p1 = PowersOfTau.contribute(p0, SnarkjsRandom.contribution(new SecureRandom(), "native test"), "one").ptau();
        List<PointArray<?>> java = PreparePhase2.prepare(p1, ProgressListener.NONE, false).lagrangeSections().orElseThrow();
        List<PointArray<?>> nat = PreparePhase2.prepare(p1, ProgressListener.NONE, true).lagrangeSections().orElseThrow();
        assertThat(nat).hasSameSizeAs(java);
        for (int s = 0; s < java.size(); s++) {
            assertThat(((PointArray) nat.get(s)).mismatch(java.get(s))).as("section %d", 12 + s).isEqualTo(-1L);
            assertThat(nat.get(s).size()).isEqualTo(java.get(s).size());
        }
    }
}
