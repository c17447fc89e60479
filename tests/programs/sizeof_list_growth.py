import sys
l = []
series = []
for i in range(70):
    series.append("%d:%d" % (len(l), sys.getsizeof(l)))
    l.append(i)
print(*series)
print("[]", sys.getsizeof([]))
print("[1]", sys.getsizeof([1]))
print("[1,2]", sys.getsizeof([1, 2]))
print("[1,2,3]", sys.getsizeof([1, 2, 3]))
for n in range(12):
    print(n, sys.getsizeof([0] * n), sys.getsizeof(list(range(n))), sys.getsizeof([x for x in range(n)]))
l = list(range(100))
while l:
    l.pop()
    if len(l) % 10 == 0:
        print("pop", len(l), sys.getsizeof(l))
m = [1, 2, 3]
m.extend([4, 5, 6, 7])
print("extend", sys.getsizeof(m))
m.clear()
print("clear", sys.getsizeof(m))
m += [1] * 20
print("iadd", sys.getsizeof(m))
print("slice copy", sys.getsizeof(list(range(10))[:]))
print("mul", sys.getsizeof([1, 2] * 5))
