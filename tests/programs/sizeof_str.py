import sys
print("empty", sys.getsizeof(''))
for s in ['a', 'ab', 'abc', 'a' * 10, 'a' * 100, 'hello world']:
    print("ascii", len(s), sys.getsizeof(s))
for s in ['\xe9', '\xe9a', '\xe9' * 10, 'caf\xe9']:
    print("latin1", len(s), sys.getsizeof(s))
for s in ['\u20ac', '\u20ac\u20ac', 'a\u20ac', '\u20ac' * 10]:
    print("ucs2", len(s), sys.getsizeof(s))
for s in ['\U0001f600', '\U0001f600a', '\U0001f600' * 5]:
    print("ucs4", len(s), sys.getsizeof(s))
for n in range(0, 20):
    print(n, sys.getsizeof('x' * n), sys.getsizeof('\xff' * n), sys.getsizeof('\u0100' * n), sys.getsizeof('\U00010000' * n))
print(sys.getsizeof(str(12345)))
ab = 'ab'
print(sys.getsizeof(ab + 'c'))
print(sys.getsizeof(ab * 5))
