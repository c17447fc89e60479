# collections.UserList: a list-like class around the real list `data`.
import sys
from collections import UserList

src = [3, 1, 2]
a = UserList(src)
print(a, a.data, a.data is src, a.data == src, UserList(), UserList("ab"), UserList(a).data is a.data)
print(len(a), a[0], a[-1], a[1:], type(a[1:]).__name__, 2 in a, 9 in a)
a.append(4)
a.insert(0, 0)
a.extend([5])
a.extend(UserList([6]))
print(a, a.pop(), a.pop(0), a.count(1), a.index(2), a.index(4, 1, 4))
a.remove(1)
a.reverse()
print(a)
a.sort()
print(a)
a.sort(key=lambda x: -x)
print(a)
a[0] = "first"
del a[-1]
a[1:2] = ["x", "y"]
print(a)
try:
    a.index("zzz")
except ValueError as e:
    print("ValueError", e)
try:
    a.remove("zzz")
except ValueError as e:
    print("ValueError", e)
try:
    UserList().pop()
except IndexError as e:
    print("IndexError", e)
a.clear()
print(a, bool(a), bool(UserList([0])))

# Arithmetic keeps the class; comparisons see through other UserLists.
b = UserList([1, 2])
print(b + [3], [0] + b, b + UserList([9]), b + (7,), (7,) + b, b * 2, 2 * b, b * 0)
c = UserList([1])
c += [2]
c += UserList([3])
c += (4,)
c *= 2
print(c, type(c).__name__)
print(b == [1, 2], b == UserList([1, 2]), b != [1], b < [1, 3], b <= UserList([1, 2]),
      b > [1], b >= [2], b == (1, 2))
try:
    b < 5
except TypeError as e:
    print(e)
try:
    hash(b)
except TypeError as e:
    print(e)

# Iteration goes through __getitem__ (Sequence's); reversed likewise.
it = iter(UserList([1, 2, 3]))
print(type(it).__name__, it.__qualname__, list(it))
rv = reversed(UserList("abc"))
print(type(rv).__name__, rv.__qualname__, list(rv))
grow = UserList([1])
for item in grow:
    if item < 4:
        grow.append(item + 1)
print(grow)


# Subclasses: slices, arithmetic and copy answer the subclass.
class Stack(UserList):
    def push(self, x):
        self.append(x)

    def top(self):
        return self[-1]


s = Stack([1, 2])
s.push(3)
print(s, s.top(), type(s[:1]).__name__, type(s + [1]).__name__, type(s.copy()).__name__,
      type(s * 2).__name__)
s.tag = "t"
clone = s.__copy__()
print(clone, clone.tag, clone.data is s.data, type(clone).__name__)
print(UserList.__module__, sorted(vars(UserList([1]))), sys.getsizeof(UserList()) > 0)
