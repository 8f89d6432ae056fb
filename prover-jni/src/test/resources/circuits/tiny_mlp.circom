pragma circom 2.0.0;

// A toy 2-layer network over integers, for the setup and proving tests: a linear layer with constant weights
// (negative ones too), a square activation, a second linear layer, and a range check on the output by bit
// decomposition. Public: the output and the bias input; private: the features.
template Bits(n) {
    signal input in;
    signal output bits[n];
    var acc = 0;
    for (var i = 0; i < n; i++) {
        bits[i] <-- (in >> i) & 1;
        bits[i] * (bits[i] - 1) === 0;
        acc += bits[i] * (1 << i);
    }
    acc === in;
}

template TinyMlp() {
    signal input x[4];
    signal input bias;
    signal output y;
    signal output check;

    var w1[3][4] = [[3, -1, 2, 5], [-7, 4, 0, 1], [2, 2, -3, 9]];
    signal h[3];
    signal sq[3];
    for (var j = 0; j < 3; j++) {
        var acc = bias;
        for (var i = 0; i < 4; i++) {
            acc += w1[j][i] * x[i];
        }
        h[j] <== acc;
        sq[j] <== h[j] * h[j];
    }
    y <== 11 * sq[0] - 6 * sq[1] + sq[2] + 12345;
    component bits = Bits(20);
    bits.in <== x[0] * x[1] + 1000;
    check <== bits.bits[3] * y;
}

component main {public [bias]} = TinyMlp();
