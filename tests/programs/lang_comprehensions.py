print([x * x for x in range(8)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print({k: v for k, v in zip("abc", range(3))})
print(sum(x for x in range(101)))
g = (c * 2 for c in "hey")
print(next(g), list(g))
matrix = [[i * 3 + j for j in range(3)] for i in range(3)]
print(matrix)
print([row[i] for i in range(3) for row in matrix])
print([[row[i] for row in matrix] for i in range(3)])
x = "outer"
print([x for x in "ab"], x)
print(dict((i, i * i) for i in range(4)))
print(list(map(lambda t: t[0] + t[1], zip([1, 2], [10, 20]))))
print(any(x > 5 for x in range(10)), all(x < 5 for x in range(10)))
print([y for x in [[1, 2], [3]] for y in x])
print({i: [j for j in range(i)] for i in range(4)})
def gen_in_func(n):
    return [i for i in range(n) if i != 2]
print(gen_in_func(5))
print(max((len(w), w) for w in ["the", "quick", "brown", "fox"]))
