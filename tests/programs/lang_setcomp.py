print(sorted({x % 4 for x in range(20)}))
s = {c for c in "mississippi"}
print(len(s), sorted(s))
print({(i, j) for i in range(2) for j in range(2)} == {(0, 0), (0, 1), (1, 0), (1, 1)})
