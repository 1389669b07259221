//! A small, self-contained pseudo-random generator: xoshiro256++ seeded through SplitMix64.
//!
//! Written here rather than taken from a crate so that the bytes a seed gives never change with
//! a dependency's version: a workload named by its seed stays the same workload.

/// One step of SplitMix64: advances `state` and returns a well-mixed 64-bit value.
pub(crate) fn split_mix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    mix64(*state)
}

/// The SplitMix64 finaliser: a bijection on 64-bit values that spreads every input bit.
pub(crate) fn mix64(value: u64) -> u64 {
    let mut z = value;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// xoshiro256++ (Blackman and Vigna): fast, small state, good statistical quality.
#[derive(Clone, Debug)]
pub(crate) struct Rng {
    state: [u64; 4],
}

impl Rng {
    /// A generator whose whole output is determined by `seed`.
    pub(crate) fn new(seed: u64) -> Rng {
        let mut seeder = seed;
        let state =
            [split_mix64(&mut seeder), split_mix64(&mut seeder), split_mix64(&mut seeder), split_mix64(&mut seeder)];
        Rng { state }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        let [s0, s1, s2, s3] = self.state;
        let result = s0.wrapping_add(s3).rotate_left(23).wrapping_add(s0);
        let t = s1 << 17;
        let mut next = [s0, s1, s2 ^ s0, s3 ^ s1];
        next[0] ^= next[3];
        next[1] ^= next[2];
        next[2] ^= t;
        next[3] = next[3].rotate_left(45);
        self.state = next;
        result
    }

    /// A number in `0..bound` (`0` when `bound` is 0), by Lemire's multiply-and-shift.
    ///
    /// The bias is below `bound / 2^64`, far under anything a workload can show.
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(bound)) >> 64) as u64
    }

    /// A number in `start..end` (`start` when the range is empty).
    pub(crate) fn in_range(&mut self, start: u64, end: u64) -> u64 {
        start + self.below(end.saturating_sub(start))
    }

    /// A number in `[0, 1)` with 53 random bits.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn split_mix64_matches_the_reference_output() {
        // First outputs of the reference implementation for seed 1234567.
        let mut state = 1_234_567;
        assert_eq!(split_mix64(&mut state), 6_457_827_717_110_365_317);
        assert_eq!(split_mix64(&mut state), 3_203_168_211_198_807_973);
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = Rng::new(7);
        let mut seen = [false; 10];
        for _ in 0..1000 {
            let value = rng.below(10) as usize;
            assert!(value < 10);
            seen[value] = true;
        }
        assert!(seen.iter().all(|&was_seen| was_seen));
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn unit_is_in_the_half_open_interval() {
        let mut rng = Rng::new(9);
        for _ in 0..1000 {
            let value = rng.unit();
            assert!((0.0..1.0).contains(&value));
        }
    }
}
