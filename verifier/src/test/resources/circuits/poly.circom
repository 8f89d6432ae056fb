pragma circom 2.0.0;

// y = c0 + c1·x + c2·x², with x private and the coefficients public: a small circuit for the live
// snarkjs round trip (SnarkjsLiveInteropTest). Public signals: [y, c0, c1, c2].
template Poly() {
    signal input x;
    signal input c[3];
    signal output y;
    signal x2;
    signal t;
    x2 <== x * x;
    t <== c[2] * x2;
    y <== c[0] + c[1] * x + t;
}

component main {public [c]} = Poly();
