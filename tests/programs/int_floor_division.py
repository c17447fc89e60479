# Floor division and modulo round toward negative infinity, for one-digit ints (the
# eval loop's inline path) and past them (the general path).
vals = [-7, -6, -1, 0, 1, 6, 7, 1073741823, -1073741823, 1073741824, -1073741824, 5, -5, 3,
        -3, 2**40 + 3, -(2**40) - 3]
for x in vals:
    row = []
    for y in vals:
        if y:
            row.append((x // y, x % y, x * y, x - y, x + y, x & y, x | y, x ^ y))
    print(x, row)
x, y = 5, 0
try:
    x // y
except ZeroDivisionError as e:
    print("//", "ZeroDivisionError:", e)
try:
    x % y
except ZeroDivisionError as e:
    print("%", "ZeroDivisionError:", e)
