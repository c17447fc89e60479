import sys
print("b''", sys.getsizeof(b''))
for b in [b'a', b'ab', b'abc', b'xxxxxxxxxx', b'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy']:
    print("bytes", len(b), sys.getsizeof(b))
print("()", sys.getsizeof(()))
for n in range(1, 12):
    t = tuple(range(n))
    print("tuple", n, sys.getsizeof(t))
print(sys.getsizeof((1,)), sys.getsizeof((1, 2)), sys.getsizeof((1, 2, 3)))
print(sys.getsizeof(tuple([1, 2, 3, 4, 5])))
print(sys.getsizeof(tuple('hello')))
