//! The valid `object_reference_id`s seen so far, consulted in input order,
//! so that a later record repeating one is refused as a duplicate.

use std::sync::{Condvar, Mutex};

/// An `object_reference_id` as 128 bits, FNV-1a-128: two ids share a key
/// by chance about once in 10^25 pairs among ten million (the ids are
/// the caller's own, so no adversary is in play), for a few instructions a
/// byte.
pub(super) fn reference_key(id: &str) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    id.bytes()
        .fold(OFFSET, |h, b| (h ^ u128::from(b)).wrapping_mul(PRIME))
}

/// Hashes a `u128` key that is a hash already: its two halves folded.
#[derive(Default)]
pub(super) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u128(&mut self, key: u128) {
        // Both halves folded: FNV's low bits alone mix poorly.
        self.0 = (key >> 64) as u64 ^ key as u64;
    }
}

/// A request's sent fields as 64 bits, eight bytes at a time (a multiply
/// and a rotation each, each field's length mixed in, `u64::MAX` for an
/// absent one). It tells only whether a record that repeats an id repeats
/// the whole record: a collision makes a `duplicate_reference` read
/// `same_customer`, and both are refused.
pub(super) fn fingerprint(request: &juspay_customer::CustomerRequest<'_>) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, word: u64| (h ^ word).wrapping_mul(K).rotate_left(29);
    let fields = [
        Some(request.mobile_number()),
        Some(request.mobile_country_code()),
        request.email_address(),
        request.first_name(),
        request.last_name(),
        request
            .get_client_auth_token()
            .map(|b| if b { "true" } else { "false" }),
    ];
    fields.into_iter().fold(0, |mut h, field| {
        let Some(text) = field else {
            return mix(h, u64::MAX);
        };
        let mut words = text.as_bytes().chunks_exact(8);
        for word in &mut words {
            h = mix(h, u64::from_le_bytes(word.try_into().unwrap_or_default()));
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        mix(mix(h, u64::from_le_bytes(last)), text.len() as u64)
    })
}

/// The first line of each valid `object_reference_id` seen so far, and the
/// fingerprint of its record.
pub(super) type Seen = std::collections::HashMap<u128, (u64, u64), std::hash::BuildHasherDefault<KeyHasher>>;

/// The set of valid ids seen, which chunks consult and add to in input
/// order: a worker waits for the chunks before its own, so that the first
/// record with an id is the one that stays valid, while the checking itself
/// runs in parallel and the reading thread never touches the set.
pub(super) struct SeenInOrder {
    /// The sequence number of the chunk whose turn it is, and the set.
    pub(super) state: Mutex<(u64, Seen)>,
    pub(super) turn: Condvar,
}

impl SeenInOrder {
    pub(super) fn new() -> Self {
        SeenInOrder {
            state: Mutex::new((0, Seen::default())),
            turn: Condvar::new(),
        }
    }

    /// Waits for chunk `seq`'s turn, then for each (key, line, fingerprint):
    /// the first line that had the key and its fingerprint, or `None` (and
    /// the key is added).
    pub(super) fn take_turn(&self, seq: u64, keys: &[(u128, u64, u64)]) -> Vec<Option<(u64, u64)>> {
        // A panic elsewhere poisons nothing that matters here.
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while state.0 != seq {
            state = self.turn.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        let firsts = keys
            .iter()
            .map(|&(key, line, print)| match state.1.entry(key) {
                std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert((line, print));
                    None
                }
            })
            .collect();
        state.0 += 1;
        self.turn.notify_all();
        firsts
    }

    /// Passes chunk `seq`'s turn when it could not take it (its checking
    /// panicked), so that the chunks after it are not kept waiting.
    pub(super) fn pass(&self, seq: u64) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while state.0 < seq {
            state = self.turn.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        if state.0 == seq {
            state.0 += 1;
            self.turn.notify_all();
        }
    }
}
