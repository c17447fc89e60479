import sys
s = slice(1, 2)
print("slice(1,2)", sys.getsizeof(s), s)
print(slice(5), slice(1, 10, 2), slice(None, None, -1))
print(list(range(10))[slice(2, 8, 2)])
