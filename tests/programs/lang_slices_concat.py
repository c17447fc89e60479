# Slices, copies and concatenation of lists and tuples: new objects, or the operand
# itself where CPython returns it (a tuple plus an empty tuple).
t = (1, 2)
print(t + () is t, () + t is t, (t + (3,))[2])
l = [1, 2, 3, 4, 5]
print(l[1:4], l[::-2], l[10:], l[-100:2], l[::3], l[:] is l, l.copy(), l + [6], [] + [], (l + l)[7])
class I:
    def __index__(self):
        l.clear()
        return 1
l = [1, 2, 3]
print(l[I():3])
