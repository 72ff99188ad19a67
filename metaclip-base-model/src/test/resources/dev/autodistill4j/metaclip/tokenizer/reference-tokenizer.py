"""Python port of OpenAI CLIP's simple_tokenizer (with the real ftfy and regex modules), used to generate
reference-cases.json. Usage: python3 reference-tokenizer.py <bpe_simple_vocab_16e6.txt.gz> <clip/golden.json>.
It first checks that it reproduces golden.json, then writes tokcases.json (text, ids, ftfy output); the mojibake
case is dropped when copying the rest into reference-cases.json.
"""
import gzip, html, json, sys
import ftfy, regex as re

def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b); cs.append(256 + n); n += 1
    return dict(zip(bs, [chr(c) for c in cs]))

def pairs(word):
    return set(zip(word, word[1:]))

class Tok:
    def __init__(self, path):
        self.be = bytes_to_unicode()
        merges = gzip.open(path).read().decode('utf-8').split('\n')[1:49152 - 256 - 2 + 1]
        merges = [tuple(m.split()) for m in merges]
        vocab = list(self.be.values()); vocab += [v + '</w>' for v in vocab]
        vocab += [''.join(m) for m in merges]; vocab += ['<|startoftext|>', '<|endoftext|>']
        self.enc = {v: i for i, v in enumerate(vocab)}
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.cache = {'<|startoftext|>': '<|startoftext|>', '<|endoftext|>': '<|endoftext|>'}
        self.pat = re.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""", re.IGNORECASE)
    def bpe(self, token):
        if token in self.cache: return self.cache[token]
        word = tuple(token[:-1]) + (token[-1] + '</w>',)
        ps = pairs(word)
        if not ps: return token + '</w>'
        while True:
            big = min(ps, key=lambda p: self.ranks.get(p, float('inf')))
            if big not in self.ranks: break
            a, b = big; nw = []; i = 0
            while i < len(word):
                try:
                    j = word.index(a, i); nw.extend(word[i:j]); i = j
                except ValueError:
                    nw.extend(word[i:]); break
                if word[i] == a and i < len(word) - 1 and word[i + 1] == b:
                    nw.append(a + b); i += 2
                else:
                    nw.append(word[i]); i += 1
            word = tuple(nw)
            if len(word) == 1: break
            ps = pairs(word)
        w = ' '.join(word); self.cache[token] = w; return w
    def encode(self, text):
        text = ftfy.fix_text(text)
        text = html.unescape(html.unescape(text)).strip()
        text = re.sub(r'\s+', ' ', text).strip().lower()
        out = []
        for t in re.findall(self.pat, text):
            t = ''.join(self.be[b] for b in t.encode('utf-8'))
            out.extend(self.enc[x] for x in self.bpe(t).split(' '))
        return out

tok = Tok(sys.argv[1])  # bpe_simple_vocab_16e6.txt.gz
g = json.load(open(sys.argv[2]))  # fixtures clip/golden.json
bad = 0
for t in g['texts']:
    ids = [49406] + tok.encode(t['text']) + [49407]
    if len(ids) > 77: ids = ids[:77]; ids[-1] = 49407
    if ids != t['ids']: bad += 1; print('GOLDEN MISMATCH', repr(t['text']))
print('golden mismatches', bad, file=sys.stderr)
texts = [
 "“Smart quotes” and ‘single’ ones", "ﬁsh ﬂour ﬀ ǆ Ĳssel", "ＡＢＣ　ｆｕｌｌ　ｗｉｄｔｈ １２３", "ﾊﾝｶｸ ｶﾀｶﾅ",
 "café\u0301 e\u0301 n\u0303", "I\u0307stanbul İstanbul ΣΊΣΥΦΟΣ", "straße STRASSE ß", "control\x01\x02chars\x7f here",
 "tab\tnew\nline\r\nCR\rend", "nbsp\u00a0thin\u2009ideo\u3000zw\u200bjoin", "BOM\ufeffstart", "C1 \x85 \x93quoted\x94 \x80",
 "&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;", "&eacute;t&eacute; &copy; 2024 &#169; &#x263A; &nbsp;x", "&notin; &notit; &amp",
 "<b>tags</b> & ampersand", "emoji 👍🏽 family 👨‍👩‍👧 flags 🇫🇷🇩🇪", "math ∑∫√∞ ≤ ≥ ≠", "arabic مرحبا بالعالم ١٢٣",
 "hindi नमस्ते दुनिया", "thai สวัสดีชาวโลก", "korean 안녕하세요 세계", "chinese 你好，世界！", "japanese こんにちは、世界。",
 "hebrew שלום עולם", "russian Привет, мир!", "greek Γειά σου Κόσμε", "numbers 3.14159 1,000,000 ½ ¾ ²³ ⅷ",
 "it's IT'S It'S we'RE they'VE i'M you'LL he'D", "don't won't can't shouldn't've", "a.b.c d-e-f g_h_i j/k/l",
 "hashtag #autodistill @user email@x.com http://x.y/z?q=1&r=2", "mixedCASEwords CamelCase snake_case", "a" * 3 + " " + "b" * 40,
 "supercalifragilisticexpialidocious antidisestablishmentarianism", "<|startoftext|>inside<|endoftext|> tokens", "<|ENDOFTEXT|>",
 "   ", "", "x", "!", "🙂", "ÿþý", "mojibake cafÃ© naÃ¯ve", "weird\u2028line\u2029para", "dash — en – hyphen ‐ minus −",
 "ellipsis… bullets • • ·", "zero\u200bwidth\u200cnon\u200djoiner", "variation ☺\ufe0f ✔︎", "combining a\u0300\u0301\u0302",
 "a photo of a {}.", "itap of a cat.", "a bad photo of the dog.", "UPPER lower Title",
 " ".join("word%d" % i for i in range(100)),
]
cases = []
for t in texts:
    ids = [49406] + tok.encode(t) + [49407]
    if len(ids) > 77: ids = ids[:77]; ids[-1] = 49407
    cases.append({'text': t, 'ids': ids, 'ftfy': ftfy.fix_text(t)})
json.dump(cases, open('tokcases.json', 'w'), ensure_ascii=False, indent=0)
print(len(cases), 'cases', file=sys.stderr)
