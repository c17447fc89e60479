# Constant expressions the compiler folds, as CPython 3.11's AST optimizer folds them:
# concatenation of any length, repetition of str, bytes and tuples up to a limit (never a
# negative count unless the sequence is empty), float floor division and modulo, negative
# integer powers (floats), arithmetic overflowing to infinity, and unary +, - and ~ on
# bools.


def folded(x):
    return (b"ab" * 3, 3 * b"x", b"a" + b"b", "a" * -1, (1,) * -2, "" * -5, True * "ab",
            2 ** -2, (-2) ** -1, 7.5 // 2, -7.5 % 2, 1.0 // 0.1, 1e308 * 10, -True, ~False,
            +True, "a" * 4096 + "b" * 4096, (1,) * 200 + (2,) * 200, x)


def overflows():
    return 10.0 ** 400


consts = folded.__code__.co_consts
print([type(k).__name__ for k in consts])
print([k if not isinstance(k, (str, tuple)) or len(k) < 20 else len(k) for k in consts])
print(folded(0)[:-3])
print(overflows.__code__.co_consts)
try:
    overflows()
except OverflowError as e:
    print(e)
