import sys
print("None", sys.getsizeof(None))
print("True", sys.getsizeof(True), "False", sys.getsizeof(False))
for v in [0, 1, -1, 2**30 - 1, 2**30, -(2**30), 2**60, 2**64, 2**90, 2**100, 2**1000, -(2**200)]:
    print("int bits", len(str(v)), sys.getsizeof(v))
for f in [0.0, 1.0, -2.5, 1e300, float("inf")]:
    print("float", repr(f), sys.getsizeof(f))
print("Ellipsis", sys.getsizeof(Ellipsis))
print("NotImplemented", sys.getsizeof(NotImplemented))
print("object()", sys.getsizeof(object()))
n = 1
for i in range(12):
    n = n * 1000
    print(i, sys.getsizeof(n), sys.getsizeof(-n))
