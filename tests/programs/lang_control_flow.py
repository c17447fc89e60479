for i in range(10):
    if i == 2:
        continue
    if i == 6:
        break
    print("i", i)
else:
    print("not reached")
for i in range(3):
    pass
else:
    print("for else", i)
n = 0
while n < 5:
    n += 1
    if n == 3:
        continue
    print("n", n)
else:
    print("while else")
while True:
    n -= 1
    if n < 2:
        break
print("n end", n)
x = 15
if x < 10:
    print("small")
elif x < 20:
    print("medium")
else:
    print("large")
print("yes" if x else "no")
for a in range(3):
    for b in range(3):
        if b == a:
            break
        print(a, b)
print(1 < 2 < 3, 1 < 2 > 3, 1 == 1.0)
print(0 or "default", 5 and 6, None or 0, [] or {})
print(not 0, not [1])
found = None
for w in ["apple", "banana", "cherry"]:
    if w[0] == "b":
        found = w
        break
print(found)
total = 0
for i in range(100):
    if i % 3 == 0 or i % 5 == 0:
        total += i
print(total)
