try:
    x = [0] * (2 ** 62)
except MemoryError as e:
    print("caught MemoryError", repr(e))
try:
    y = "ab" * (2 ** 62)
except (MemoryError, OverflowError) as e:
    print("caught", type(e).__name__)
try:
    z = (1, 2) * (2 ** 62)
except MemoryError as e:
    print("caught tuple", type(e).__name__)
print("still alive")
