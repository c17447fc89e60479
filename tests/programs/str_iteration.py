# Iterating strs of every kind yields one-character strs: the latin-1 singletons below
# U+0100, new strings (UCS-2 or UCS-4) above.
import sys

s = "ab\u00e9\u20ac\U0001F600z"
chars = list(s)
print([ascii(c) for c in chars], [len(c) for c in chars])
print(chars == [s[i] for i in range(len(s))])
print([sys.getsizeof(c) for c in chars])
print(all(a is b for a, b in zip("xyz", list("xyz"))), chars[2] is "\u00e9"[0])
print([c == "\u20ac" for c in s], [c != "a" for c in s])
