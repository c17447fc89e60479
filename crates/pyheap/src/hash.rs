//! Hashing as CPython 3.11 does it: SipHash-1-3 over a string's code units, keyed by the
//! hash secret that `PYTHONHASHSEED` chooses.
//!
//! With `PYTHONHASHSEED=0` the key is all zeroes; with another number the key bytes come
//! from CPython's linear congruential generator seeded with it; unset, the key is random.
//! The same seed therefore gives the same `hash('abc')`, and the same set and dict
//! iteration orders, as CPython.

use std::cell::Cell;

thread_local! {
    static KEY: Cell<Option<(u64, u64)>> = const { Cell::new(None) };
}

fn key_from_seed(seed: u32) -> (u64, u64) {
    let mut bytes = [0u8; 16];
    if seed != 0 {
        // CPython's lcg_urandom.
        let mut x = seed;
        for b in bytes.iter_mut() {
            x = x.wrapping_mul(214013).wrapping_add(2531011);
            *b = ((x >> 16) & 0xff) as u8;
        }
    }
    let k0 = u64::from_le_bytes(bytes[0..8].try_into().unwrap_or([0; 8]));
    let k1 = u64::from_le_bytes(bytes[8..16].try_into().unwrap_or([0; 8]));
    (k0, k1)
}

fn random_key() -> (u64, u64) {
    let mut buf = [0u8; 16];
    // SAFETY: getrandom writes at most buf.len() bytes into buf.
    let n = unsafe { libc_getrandom(buf.as_mut_ptr(), buf.len()) };
    if n != 16 {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        return (t ^ std::process::id() as u64, t.rotate_left(17));
    }
    (
        u64::from_le_bytes(buf[0..8].try_into().unwrap_or([0; 8])),
        u64::from_le_bytes(buf[8..16].try_into().unwrap_or([0; 8])),
    )
}

extern "C" {
    fn getrandom(buf: *mut u8, len: usize, flags: u32) -> isize;
}

unsafe fn libc_getrandom(buf: *mut u8, len: usize) -> isize {
    // SAFETY: forwarded; buf is valid for len bytes.
    unsafe { getrandom(buf, len, 0) }
}

/// Chooses the hash key from `PYTHONHASHSEED` (`None`: random).
pub fn init_secret(seed: Option<u32>) {
    let key = match seed {
        Some(s) => key_from_seed(s),
        None => random_key(),
    };
    KEY.with(|k| k.set(Some(key)));
}

fn key() -> (u64, u64) {
    KEY.with(|k| match k.get() {
        Some(v) => v,
        None => {
            let v = key_from_seed(0);
            k.set(Some(v));
            v
        }
    })
}

#[inline]
fn sipround(v: &mut [u64; 4]) {
    v[0] = v[0].wrapping_add(v[1]);
    v[1] = v[1].rotate_left(13);
    v[1] ^= v[0];
    v[0] = v[0].rotate_left(32);
    v[2] = v[2].wrapping_add(v[3]);
    v[3] = v[3].rotate_left(16);
    v[3] ^= v[2];
    v[0] = v[0].wrapping_add(v[3]);
    v[3] = v[3].rotate_left(21);
    v[3] ^= v[0];
    v[2] = v[2].wrapping_add(v[1]);
    v[1] = v[1].rotate_left(17);
    v[1] ^= v[2];
    v[2] = v[2].rotate_left(32);
}

/// SipHash-1-3 of `data` under the interpreter's key.
pub fn siphash13(data: &[u8]) -> u64 {
    let (k0, k1) = key();
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let m = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        v[3] ^= m;
        sipround(&mut v);
        v[0] ^= m;
    }
    let rem = chunks.remainder();
    let mut b: u64 = (data.len() as u64) << 56;
    for (i, &byte) in rem.iter().enumerate() {
        b |= (byte as u64) << (8 * i);
    }
    v[3] ^= b;
    sipround(&mut v);
    v[0] ^= b;
    v[2] ^= 0xff;
    sipround(&mut v);
    sipround(&mut v);
    sipround(&mut v);
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

/// `_Py_HashBytes`: the hash of a str's code units or a bytes object's bytes.
pub fn hash_bytes(data: &[u8]) -> isize {
    if data.is_empty() {
        return 0;
    }
    let h = siphash13(data) as i64 as isize;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// CPython's hash of a float (`_Py_HashDouble`), for finite values.
pub fn hash_float(v: f64) -> isize {
    use crate::objects::int::HASH_MODULUS;
    if v.is_nan() {
        return 0; // CPython 3.10+ hashes NaN by identity; callers handle that case.
    }
    if v.is_infinite() {
        return if v > 0.0 { 314159 } else { -314159 };
    }
    let (mut m, mut e) = frexp(v.abs());
    let sign: i64 = if v < 0.0 { -1 } else { 1 };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & HASH_MODULUS) | x >> (61 - 28);
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= HASH_MODULUS {
            x -= HASH_MODULUS;
        }
    }
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    };
    x = ((x << e) & HASH_MODULUS) | x >> (61 - e);
    let h = (x as i64) * sign;
    if h == -1 {
        -2
    } else {
        h as isize
    }
}

fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 {
        return (0.0, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(v * 2f64.powi(54));
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, exp - 1022)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_hash_of_integral_values_matches_int_hash() {
        assert_eq!(hash_float(1.0), 1);
        assert_eq!(hash_float(0.5), 1152921504606846976);
        assert_eq!(hash_float(-1.0), -2);
    }
}
