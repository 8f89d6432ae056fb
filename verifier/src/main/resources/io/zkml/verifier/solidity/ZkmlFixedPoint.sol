// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title ZkmlFixedPoint: decodes the public signals that carry a zkml model's public outputs.
/// @notice A public value x with `scale` fractional bits is the field element round(x * 2^scale) when it is
/// non-negative and r - |round(x * 2^scale)| when negative (r: the BN254 scalar field's modulus). A proof bundle
/// (and circuit.json, and `zkml export-vk DIR`'s zkml_public_signals) gives each signal's index and scale.
/// @dev Bind a result to the public signals you passed to verifyProof, never to the proof's bytes: Groth16
/// proofs are malleable, and anyone can turn one valid proof into another for the same public signals.
library ZkmlFixedPoint {
    /// The BN254 scalar field modulus r.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @notice The signed integer a public signal carries: s when s <= (r - 1) / 2, else s - r.
    /// @dev Reverts for s >= r (the verifier already rejects such a signal).
    function toInt(uint256 s) internal pure returns (int256) {
        require(s < R, "ZkmlFixedPoint: not a field element");
        if (s <= R / 2) {
            return int256(s);
        }
        return -int256(R - s);
    }

    /// @notice The value as a decimal fixed-point integer: x * 10^decimals, rounded toward zero, where
    /// x = toInt(s) / 2^scale. Example: scale 7, decimals 6, s = 64 (x = 0.5) gives 500000.
    /// @dev Reverts on overflow (checked arithmetic); scale < 255.
    function toDecimals(uint256 s, uint8 scale, uint8 decimals) internal pure returns (int256) {
        require(scale < 255, "ZkmlFixedPoint: scale too large");
        return (toInt(s) * int256(10 ** uint256(decimals))) / int256(uint256(1) << scale);
    }

    /// @notice The index of the largest of n consecutive signed signals from `first` (the first one on ties),
    /// the on-chain counterpart of an argmax over public outputs.
    function argmax(uint256[] memory signals, uint256 first, uint256 n) internal pure returns (uint256 best) {
        require(n > 0 && first + n <= signals.length, "ZkmlFixedPoint: range out of bounds");
        int256 top = toInt(signals[first]);
        for (uint256 i = 1; i < n; i++) {
            int256 v = toInt(signals[first + i]);
            if (v > top) {
                top = v;
                best = i;
            }
        }
    }
}
