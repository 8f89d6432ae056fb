pragma circom 2.0.0;

// 200 steps of s[i] = s[i-1]^2 + c, one constraint each, plus a product with a second public input:
// 201 constraints, 2 public inputs and 2 public outputs (a domain of 256 with the public-input rows).
template Chain(n) {
    signal input x;
    signal input c;
    signal input k;
    signal output out;
    signal output scaled;
    signal s[n + 1];
    s[0] <== x;
    for (var i = 0; i < n; i++) {
        s[i + 1] <== s[i] * s[i] + c;
    }
    out <== s[n];
    scaled <== s[n] * k;
}

component main {public [c, k]} = Chain(200);
