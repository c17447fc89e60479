# string_churn: build strings from ints, concatenate, and drop them.
# Strings stay short (reset every few dozen pieces) so concatenation cost
# measures allocation, not quadratic copying.


DIGIT_VALUES = {}
for d in range(10):
    DIGIT_VALUES[str(d)] = d


def digits_sum(s):
    total = 0
    for ch in s:
        if ch != "-" and ch != ",":
            total += DIGIT_VALUES[ch]
    return total


def main():
    checksum = 0
    line = ""
    pieces = 0
    for i in range(700000):
        s = str(i * 37 - 5000)
        line = line + s + ","
        pieces += 1
        if pieces == 40:
            checksum = (checksum + len(line) + digits_sum(line)) % 1000000007
            line = ""
            pieces = 0
    words = []
    for i in range(60000):
        words.append("w" + str(i) + "_" + str(i % 13))
    for w in words:
        checksum += len(w)
    words = None
    print("string_churn checksum", checksum)


main()
