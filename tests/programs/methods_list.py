l = [3, 1, 2]
l.append(4)
l.extend([5, 6])
l.extend((7,))
l.insert(0, 0)
l.insert(100, 99)
l.insert(-1, 98)
print(l)
print(l.pop(), l.pop(0), l.pop(-2), l)
l.remove(3)
print(l, l.index(2), l.count(1), [1, 1, 2].count(1))
l.sort()
print(l)
l.sort(reverse=True)
print(l)
l.reverse()
print(l)
words = ["banana", "Apple", "cherry", "apple"]
words.sort(key=lambda w: w[1:])
print(words)
print(sorted(words, key=lambda w: (len(w), w)))
c = l.copy()
c.append("x")
print(l, c)
print(l + [1], [0] * 3, 2 * [1, 2], [1, 2] == [1, 2], [1, 2] < [1, 3], [1] < [1, 0])
print(3 in l, 100 in l, 100 not in l)
l.clear()
print(l, len(l))
try:
    l.pop()
except IndexError as e:
    print(e)
try:
    [1].remove(5)
except ValueError as e:
    print(e)
try:
    [1].index(5)
except ValueError as e:
    print(e)
stable = [(1, "b"), (0, "a"), (1, "a"), (0, "b")]
stable.sort(key=lambda t: t[0])
print(stable)
n = [[1, 2], [3]]
print(n.index([3]), [None] * 2)
try:
    [1, "a"].sort()
except TypeError as e:
    print(e)
