import sys
print("1j", sys.getsizeof(1j))
z = complex(1, 2)
print(z, sys.getsizeof(z), z.real, z.imag, abs(3 + 4j))
