//! The valid `object_reference_id`s seen so far, consulted in input order,
//! so that a later record repeating one is refused as a duplicate.

use std::sync::{Condvar, Mutex};

/// An `object_reference_id` as 128 bits, XXH3-128: two ids share a key
/// by chance about once in 10^25 pairs among ten million (the ids are the
/// caller's own, so no adversary is in play). XXH3 reads the id eight bytes
/// and more at a time (48 instructions a record in the profile, ids of about
/// 20 bytes), where FNV-1a-128 took a 128-bit multiply a byte.
pub(super) fn reference_key(id: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(id.as_bytes())
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
        // Both halves folded, so that every bit of the key counts.
        self.0 = (key >> 64) as u64 ^ key as u64;
    }
}

/// A request's sent fields as 64 bits: each field's XXH3-64 seeded with
/// the fields before it (an absent field mixes in a seed of its own, so
/// absent and empty differ). It tells only whether a record that repeats
/// an id repeats the whole record: a collision makes a
/// `duplicate_reference` read `same_customer`, and both are refused.
pub(super) fn fingerprint(request: &juspay_customer::CustomerRequest<'_>) -> u64 {
    use xxhash_rust::xxh3::xxh3_64_with_seed;
    const ABSENT: u64 = 0x9e37_79b9_7f4a_7c15;
    let token = request
        .get_client_auth_token()
        .map(|b| if b { "true" } else { "false" });
    [
        Some(request.mobile_number()),
        Some(request.mobile_country_code()),
        request.email_address(),
        request.first_name(),
        request.last_name(),
        token,
    ]
    .into_iter()
    .fold(0, |h, field| match field {
        Some(text) => xxh3_64_with_seed(text.as_bytes(), h),
        None => h.rotate_left(17) ^ ABSENT,
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
