import sys
print("bytearray()", sys.getsizeof(bytearray()))
print("bytearray(b'abc')", sys.getsizeof(bytearray(b'abc')))
ba = bytearray()
for i in range(10):
    ba.append(i)
    print(len(ba), sys.getsizeof(ba))
