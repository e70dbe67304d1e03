"""`zh_people`: officials and other persons, their titles, short references and pronouns.

Evidence for an OFFICIAL, strongest first:

* a name right after a title or a chain of titles (省委常委、长春市委书记张志军);
* a name from the officials lexicon;
* a name in a list before 参加有关活动 / 出席 / 陪同 (赵晓君、兰宏良、徐留平、邱现东参加有关活动);
* a name already found earlier in the story (every later mention counts).

Unknown names must start with a surname from the surname table.  Journalists
in bylines (记者黄莺, 本报记者 赵广欣 韩雪洁) are PERSON.  Short references
(景书记) become OFFICIAL mentions with the full name as `canonical`; pronouns
(他强调) are resolved to the nearest preceding official and recorded in
`doc._.coref` for the frame builder.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from .entity_ruler import HAN_CHAR_RE, Cand, set_entities
from .lexicon import CharMatcher, LexiconComponent, doc_text, leftmost_longest, token_bounds
from .normalizer import HAN

LEXICONS = ("officials.tsv", "persons.tsv", "surnames.tsv", "person_cues.tsv", "transliteration_chars.tsv", "title_roles.tsv",
            "not_names.tsv")
# Surnames that are far more often a function word: 和特邀代表 has no person 和特邀.
FUNCTION_SURNAMES = set("和与及于向对在从将把被为以由同")
# After a title a name may be of any origin (岸田文雄, 尹锡悦): a short run that ends before a separator or a verb.
NAME_AFTER_TITLE_RE = re.compile("[\u4e00-\u9fff]{2,4}(?=[、，。；和与及等]|(?:" + "主持|出席|会见|会晤|考察|调研|视察|强调|指出|表示|说|率领|率|一行|举行|同|在" + "))")
FOREIGN_HEAD_ROLES = ("总统", "首相", "国王", "女王", "王储", "议长", "外长", "总干事", "副总统")
FOREIGN_ROLES = ("总统", "首相", "总理", "议长", "国王", "女王", "王储", "外长", "总干事", "秘书长", "主席")
# Verbs of office: a name that opens a sentence with one of them acts officially (王晨主持座谈会).
OFFICIAL_VERB_RE = re.compile("主持|出席|会见|会晤|考察|调研|视察|强调|指出|宣布|签署|致信|致电|发表|讲话|率团")
# Characters that usually follow a name rather than belong to it: decides between 2- and 3-character names.
AFTER_NAME = set("到在以主出参汇指强要说会来等和与的率陪同带听察看实考调研深视现作表示提就已再赴走检一也对向将为是先当前分于了、，。：；（）“”")
# words right after a name whose first character may look like the end of a given name (邵峰|发了言, 莫朗|共同主持)
VERBS_AFTER_NAME = ("发了言", "发言", "发表", "讲话", "致辞", "介绍", "共同", "一道", "一起", "一同")
# Precompiled: these run once per character or candidate name (re's own cache lookup costs as much as the match).
NAME_SHAPE_RE = re.compile(f"[{HAN}]{{2,4}}")
NAME_LIST_RE = re.compile(f"(?:[{HAN}]{{2,4}}、){{2,}}[{HAN}]{{2,4}}?(?=[等，。；（和及]|参加|出席|陪同|为|组成)")
# …、斯泽夫、南存辉等6位常委, 刘宁…郑志明等5位代表: a list counted as people is a list of names whatever precedes it
COUNTED_PEOPLE_RE = re.compile("等(?:[0-9]{1,3}|[二两三四五六七八九十]{1,3})[位名]")
# Personnel decisions name the people right after the verb: 免去肖亚庆的…职务, 任命金壮龙为…部长, 增补马建堂、冯正霖…为….
APPOINTMENT_RE = re.compile("免去|任命|增补")
DECISION_NAME_END = ("、", "的", "为", "不")
DECISION_CLAUSE_RE = re.compile("[，；]")  # a later clause of the same decision opens with a name
DECISION_END_RE = re.compile("[\n。]")  # (； only separates its clauses)
DECISION_AFTER_NAME_RE = re.compile("为|不再担任")
SENTENCE_BREAK_RE = re.compile("[\n。；]")
CLAUSE_CHAIR_RE = re.compile(f"，(?=[{HAN}]{{2,3}}主持)")
# 谢伏瞻常委提出…；张雪樵常委代表民革中央提出…: a member of a standing committee speaking at its sitting, named before
# the role (the role then becomes the title, as 习近平主席 does)
MEMBER_VERBS = "代表|提出|表示|建议|指出|认为|说"
MEMBER_SPEAKS_RE = re.compile(f"(?:^|(?<=[\n。；]))(?P<name>[{HAN}]{{2,4}}?|[{HAN}]{{1,6}}·[{HAN}]{{1,8}}?)(?:常委|委员)"
                              f"(?={MEMBER_VERBS})")
# what MEMBER_SPEAKS_RE needs in the text, found by a scan for its first characters (most stories hold none)
MEMBER_SPEAKING_RE = re.compile(f"(?:常委|委员)(?:{MEMBER_VERBS})")
ON_BEHALF_RE = re.compile("代表|受[^，。；]{0,12}委托")
# characters that open a verb, a preposition or a noun right after a foreign head's title (总统互致信函, 总统同…, 总统
# 一道努力, 总统逝世, 女王葬礼), not a name
NOT_NAME_START = set("互同与向对就致共分并也还将举一表逝葬先携阁")  # and 首相先生一道, 首相携手努力, 总统阁下
# what may follow a foreign name after a cue word (本杰明·亚|历山大 stops inside the name: no name)
CUED_FOREIGN_END_RE = re.compile(f"[^{HAN}]|[、和等在曾也说称是的对近今昨前]|表示|指出|强调|介绍|认为|记录|参加|$")
DOT_NAME_RE = re.compile(f"[{HAN}]{{1,6}}·[{HAN}]{{1,8}}?(?=[、，。；和等在]|陪同|同志|出席|主持|表示|说|指出|强调|参加|会见|介绍|汇报)")
LIST_VERB_RE = re.compile("参加有关活动|参加活动|参加会议|参加|出席会议|出席|陪同|一同")
# seats held by many: a member (委员, 成员, 候补委员, 中央委员) or a secretary of the Secretariat (书记处书记)
MEMBER_ROLE_RE = re.compile("(?:委员|成员|书记处书记)$")
SEAT_NAME_GAP_RE = re.compile("[： \u3000\n]{0,3}")  # 主任委员：\n习近平: what may stand between a seat and its holder
# the class comes first (the lookbehind after it) so that re scans for 他/她 in C instead of trying every position
PRONOUN_RE = re.compile("[他她](?<!其他)(?<!其她)(?=[^们]|$)")
# 《求是》杂志发表习近平的重要文章《…》。文章强调，…: the article speaks for its author
ARTICLE_OF = ("的重要文章", "的文章", "的署名文章")
ARTICLE_REF_RE = re.compile("文章(?<=[。\n]文章)(?=强调|指出|提出|要求|表示)")  # opening a sentence after the author's
SHORT_ROLES = ("书记", "省长", "市长", "县长", "区长", "部长", "主任", "总理", "副总理", "主席", "组长", "副省长", "副市长")
# One pattern for every role (no role is a prefix of another, so each start has at most one)
SHORT_ROLE_RE = re.compile("|".join(SHORT_ROLES))
JOURNALIST_RE = re.compile(f"(?:本报|特约|实习)?记者[ \u3000]*((?:[{HAN}]{{2,3}}[ \u3000]?)+)")


def _overlapping(pattern: "re.Pattern[str]", text: str):
    """Every match of `pattern`, overlapping ones included (one search from each match's next character): a
    lookahead pattern finds the same, but re then tries it at every position instead of scanning in C."""
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        yield m
        pos = m.start() + 1


def _name_lists(text: str):
    """`NAME_LIST_RE.finditer(text)`, tried only at the 2 to 4 positions before each 、 (a list's first name ends
    at one): `finditer` would try the name's character class at every character of the story."""
    pos = 0
    q = text.find("、")
    while q != -1:
        for p in range(max(pos, q - 4), q - 1):
            m = NAME_LIST_RE.match(text, p)
            if m is not None:
                yield m
                pos = m.end()
                break
        q = text.find("、", max(q + 1, pos + 2))


def _leftmost_longest(words, text: str) -> List[Tuple[int, int]]:
    """Leftmost-longest non-overlapping occurrences of a few words (an automaton for the handful of names of one
    story costs more to build than these searches)."""
    hits = []
    for w in words:
        i = text.find(w)
        while i >= 0:
            hits.append((i, i + len(w)))
            i = text.find(w, i + 1)
    return leftmost_longest(hits)


class People(LexiconComponent):
    def __init__(self, nlp: Language, name: str = "zh_people", lexicon_dir: Optional[str] = None):
        self.name = name
        self._load(Path(lexicon_dir) if lexicon_dir else None)

    lexicon_files = LEXICONS

    def _build(self) -> None:
        self.known = {r["name"]: r["canonical"] or r["name"] for r in self.lexicons["officials.tsv"]}
        # one automaton for both lists: officials known by name, and persons known not to act as officials
        self.persons = {r["name"] for r in self.lexicons["persons.tsv"]} - set(self.known)
        self.known_matcher = CharMatcher([(n, "OFFICIAL") for n in self.known] + [(n, "PERSON") for n in self.persons])
        rows = self.lexicons["surnames.tsv"]
        self.surnames1 = {r["surname"] for r in rows if r["compound"] != "yes"}
        self.surnames2 = {r["surname"] for r in rows if r["compound"] == "yes"}
        self.not_after_cue = {r["surname"] for r in rows if r.get("after_cue") == "no"}
        self.roles = sorted((r["role"] for r in self.lexicons["title_roles.tsv"]), key=len, reverse=True)
        self.roles_by_first: Dict[str, List[str]] = {}  # longest first, as in self.roles
        for r in self.roles:
            if r:
                self.roles_by_first.setdefault(r[0], []).append(r)
        self.translit = set("".join(r["chars"] for r in self.lexicons["transliteration_chars.tsv"]))
        self.not_names = {r["word"] for r in self.lexicons["not_names.tsv"]}
        cues = [r["cue"] for r in self.lexicons["person_cues.tsv"] if r["cue"] != "记者"]
        self.cue_re = re.compile("(?:" + "|".join(map(re.escape, sorted(cues, key=len, reverse=True))) + ")") if cues else None

    # -- name shapes ----------------------------------------------------------
    def name_at(self, text: str, pos: int, bounds: Optional[Set[int]] = None) -> Optional[int]:
        """End of a plausible person name starting at `pos`, or None.

        A guessed (not known) name must end where a token ends: 总书记|关于|疫情 has no name 关于疫.
        """
        for n in (4, 3, 2, 1):  # the longest known name that starts here (a dict lookup per length)
            s = text[pos : pos + n]
            if s and s in self.known:
                return pos + len(s)
        end = self._guess_name_end(text, pos)
        if end is None or (bounds is not None and end not in bounds):
            return None
        return end

    def _guess_name_end(self, text: str, pos: int) -> Optional[int]:
        sur = 2 if text[pos : pos + 2] in self.surnames2 else (
            1 if text[pos : pos + 1] in self.surnames1 and text[pos] not in FUNCTION_SURNAMES else 0)
        if not sur:
            return None
        given = text[pos + sur : pos + sur + 2]
        if not given or not HAN_CHAR_RE.fullmatch(given[:1]) or given[:1] in AFTER_NAME:
            return None
        end = pos + sur + 2 if len(given) == 2 and HAN_CHAR_RE.fullmatch(given[1]) and given[1] not in AFTER_NAME else pos + sur + 1
        if end == pos + sur + 2 and text.startswith(VERBS_AFTER_NAME, end - 1):
            end -= 1  # 邵峰发了言, 王勇讲话: the last character begins the verb
        return None if text[pos:end] in self.not_names else end

    def _name_token(self, text: str, pos: int, starts: Set[int], ends: Set[int]) -> Optional[int]:
        """End of a three-character token at `pos` shaped like a name (surname + two characters), or None."""
        end = pos + 3
        if pos not in starts or end not in ends or pos + 1 in starts or pos + 2 in starts:
            return None
        s = text[pos:end]
        if s[0] not in self.surnames1 or s[0] in FUNCTION_SURNAMES or not NAME_SHAPE_RE.fullmatch(s) or s in self.not_names:
            return None
        return end if end == len(text) or text[end] in AFTER_NAME else None

    def foreign_name_at(self, text: str, pos: int, bounds: Optional[Set[int]]) -> Optional[int]:
        """End of a transliterated name (埃尔多安, 布鲁斯·艾尔沃德) starting at pos, or None."""
        end = pos
        while end < len(text) and end - pos < 14 and text[end] in self.translit:
            end += 1
        while end - pos >= 2 and bounds is not None and end not in bounds:
            end -= 1
        if end - pos < 2 or text[pos] == "·" or text[end - 1] == "·":
            return None
        return end

    def _decision_names(self, text: str, pos: int) -> List[Tuple[int, int]]:
        """The names listed from pos, separated by 、, each ending before 、/的/为/不再: the verb of a personnel decision
        is context enough to ignore token bounds (pkuseg cuts 任命|应|勇为)."""
        items = []
        while True:
            end = self.name_at(text, pos)
            if end is None or text[end : end + 1] not in DECISION_NAME_END:
                # a guessed name may have run into the next word (宋涛为|教科卫体): the shortest that ends well
                end = next((pos + n for n in (2, 3) if self._is_name(text[pos : pos + n])
                            and text[pos + n : pos + n + 1] in DECISION_NAME_END), None)
            if end is None and items and NAME_SHAPE_RE.fullmatch(text[pos : pos + 2]) and text[pos + 2 : pos + 3] in DECISION_NAME_END:
                end = pos + 2  # …、赵世勇、訚柏、穆红玉为…: inside the list a rare surname (訚) still names a person
            if end is None:
                return items
            items.append((pos, end))
            if text[end : end + 1] != "、":
                return items
            pos = end + 1

    def _is_name(self, s: str) -> bool:
        if s in self.known:
            return True
        if not NAME_SHAPE_RE.fullmatch(s):
            return False
        return (s[:2] in self.surnames2 and len(s) >= 3) or (s[0] in self.surnames1 and len(s) <= 3)

    # -- the component ----------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        starts, ends = token_bounds(doc)
        bounds = starts | ends
        cands = [Cand(s, e, l, a) for s, e, l, a in (doc._.ent_cands or [])]
        taken = bytearray(len(text) + 1)
        for c in cands:
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        titles = sorted((c for c in cands if c.label == "TITLE"), key=lambda c: c.start)
        people: Dict[Tuple[int, int], Cand] = {}
        found_names: Dict[str, List[str]] = {}

        def add(s: int, e: int, label: str, titles_=()):
            if any(taken[s:e]) or e <= s:
                return
            name = text[s:e]
            key = (s, e)
            if key not in people:
                people[key] = Cand(s, e, label, {"canonical": self.known.get(name, name)}, priority=5)
            if label == "OFFICIAL":
                found_names.setdefault(name, [])
                for t in titles_:
                    if t not in found_names[name]:
                        found_names[name].append(t)

        # 1. title chains followed by a name
        i = 0
        while i < len(titles):
            chain = [titles[i]]
            while i + 1 < len(titles) and titles[i + 1].start - chain[-1].end <= 1 and (
                titles[i + 1].start == chain[-1].end or text[chain[-1].end] in "、，,"
            ):
                i += 1
                chain.append(titles[i])
            pos = chain[-1].end
            end = self.name_at(text, pos, bounds) if pos < len(text) else None
            if end is None and pos < len(text):
                # 副主任张来明在…, …郭元强: pkuseg keeps a three-character name whole even where its second or third
                # character usually follows names (来, 强); right after a title that token is the name (tried before
                # the guess below, which would stop at 郭元)
                tok = self._name_token(text, pos, starts, ends)
                end = tok if tok and not any(taken[pos:tok]) else None
            if end is None and pos < len(text):
                # right after a title, a guessed name followed by a word that follows names (刘季幸|作的关于) stands
                # even where pkuseg cut across it (刘季|幸作)
                guess = self._guess_name_end(text, pos)
                if guess and text[guess : guess + 1] in AFTER_NAME and not any(taken[pos:guess]):
                    end = guess
            if end is None and pos < len(text):
                # 自治区政府主席艾尔肯·吐尼亚孜陪同: a Uyghur or Tibetan name, its parts joined by ·, up to what follows names
                dm = DOT_NAME_RE.match(text, pos)
                end = dm.end() if dm and not any(taken[pos : dm.end()]) else None
            if end is None and pos < len(text):
                end = self.foreign_name_at(text, pos, bounds)
            if end is None and pos < len(text) and text[chain[-1].start : chain[-1].end].endswith(FOREIGN_HEAD_ROLES):
                # 日本首相岸田文雄, 韩国总统尹锡悦: a foreign head's name may be written in characters of any origin
                m = NAME_AFTER_TITLE_RE.match(text, pos)
                # 奥尔特加总统|互致信函: a verb after a title that follows its holder's name is no name
                ok = (m and m.end() in bounds and not any(taken[pos : m.end()]) and not any(ch in m.group(0) for ch in "的了是在第")
                      and m.group(0)[0] not in NOT_NAME_START)
                end = m.end() if ok else None
            if end:
                add(pos, end, "OFFICIAL", [text[t.start : t.end] for t in chain])
            i += 1
        # 2. known names anywhere; a known name right before a title gets that title (孙春兰副总理)
        titles_at: Dict[int, List[str]] = {}
        for t in titles:
            titles_at.setdefault(t.start, []).append(text[t.start : t.end])
        # (毛泽东 and retired leaders are PERSON, unless a title made them an OFFICIAL above)
        for m in self.known_matcher.iter_all(text):
            if "PERSON" in m.payload:
                add(m.start, m.end, "PERSON")
            else:
                add(m.start, m.end, "OFFICIAL", titles_at.get(m.end, ()))
        # 2b. a transliterated name right before a foreign title (埃尔多安总统), after a boundary
        for t in titles:
            if not text[t.start : t.end].endswith(FOREIGN_ROLES):
                continue
            i = t.start
            while i > 0 and t.start - i < 14 and text[i - 1] in self.translit:
                i -= 1
            if t.start - i >= 2 and (i == 0 or text[i - 1] in "、，。；：\n“" or text.endswith(("同", "与", "和", "会见", "致电", "向"), 0, i)):
                add(i, t.start, "OFFICIAL", [text[t.start : t.end]])
        # 3. lists before participation verbs
        for vm in LIST_VERB_RE.finditer(text):
            j = vm.start()
            if text[j - 1 : j] == "等":  # 王毅等参加会见
                j -= 1
            items: List[Tuple[int, int]] = []
            while j > 0:
                k = j
                while k > 0 and HAN_CHAR_RE.match(text[k - 1]) and j - k < 4:
                    k -= 1
                cand = text[k:j]
                # the item must be exactly a name: the char before it is a separator or a sentence boundary
                while cand and not self._is_name(cand):
                    k += 1
                    cand = text[k:j]
                if not cand or (k > 0 and text[k - 1] not in "、，。；：\n" and not (k > 0 and taken[k - 1])):
                    break
                items.append((k, j))
                if k > 0 and text[k - 1] == "、":
                    j = k - 1
                    continue
                break
            if len(items) >= 1 and (len(items) >= 2 or text[items[-1][0] - 1 : items[-1][0]] in ("", "\n", "。", "；", "，")):
                for s, e in items:
                    add(s, e, "OFFICIAL")
        # 3b. a list of three or more names (马有礼、许健康、邱庭彪…) in official news names officials
        for lm in _name_lists(text):
            parts = lm.group(0).split("、")
            counted = COUNTED_PEOPLE_RE.match(text, lm.end()) is not None
            start = lm.start()
            # the first item may be glued to the words before it (广西代表团|刘宁、…, 还有|丁仲礼、…, 邵鸿和|蒋作君、…)
            first = parts[0]
            k = next((k for k in range(len(first) - 1) if start + k in bounds and self._is_name(first[k:])), 0)
            parts[0], start = first[k:], start + k
            items, pos, ok = [], start, True
            for part in parts:
                end = pos + len(part)
                if (pos, end) in people:  # a name the list shares with an earlier step (丁仲礼 is known)
                    pos = end + 1
                    continue
                if not self._is_name(part) or part[0] in FUNCTION_SURNAMES or any(taken[pos:end]) or pos not in bounds or end not in bounds:
                    ok = False
                    break
                items.append((pos, end))
                pos = end + 1
            # …、邵鸿和|蒋作君、李钺锋…: a list that continues another one after 和
            after_name = text[start - 1 : start] in ("和", "及") and any(e_ == start - 1 for _, e_ in people)
            if ok and (counted or after_name or start == 0 or text[start - 1] in "由、，。；：\n"
                       or text.endswith(("推选", "选举", "有", "包括"), 0, start)):
                for s_, e_ in items:
                    add(s_, e_, "OFFICIAL")
        # 3c. personnel decisions (免去肖亚庆的工业和信息化部部长职务，任命金壮龙为工业和信息化部部长): every name of the
        # list after the verb (任命孙新阳、刘学新、张福海为…), and the names that open the decision's later clauses
        # (增补马建堂…为经济委员会副主任，宋涛为教科卫体委员会副主任；杨小波不再担任…)
        for am in APPOINTMENT_RE.finditer(text):
            items = self._decision_names(text, am.end())
            if items and text[items[-1][1] : items[-1][1] + 1] in ("的", "为"):
                for s_, e_ in items:
                    add(s_, e_, "OFFICIAL")
            stop = DECISION_END_RE.search(text, am.end())
            for cm in DECISION_CLAUSE_RE.finditer(text, am.end(), stop.start() if stop else len(text)):
                items = self._decision_names(text, cm.end())
                if items and DECISION_AFTER_NAME_RE.match(text, items[-1][1]):
                    for s_, e_ in items:
                        add(s_, e_, "OFFICIAL")
        # 4. journalists
        for jm in JOURNALIST_RE.finditer(text) if "记者" in text else ():
            pos = jm.start(1)
            for part in re.split("[ \u3000]", jm.group(1)):
                if part and self._is_name(part) and part not in self.known:
                    add(pos, pos + len(part), "PERSON")
                elif part and len(part) == 3 and self._is_name(part[:2]):
                    add(pos, pos + 2, "PERSON")
                    break
                pos += len(part) + 1
        # 4b. private persons introduced by a noun (退伍军人康小涛)
        if self.cue_re is not None:
            for cm in self.cue_re.finditer(text):
                pos = cm.end()
                while True:  # 代表王小苹、刘忠范…: every name of the list
                    end = self.name_at(text, pos, bounds)
                    if not end:  # 流行病学家格雷格·冈萨维斯: a foreign name, whose dot is its mark
                        end = self.foreign_name_at(text, pos, None)
                        end = end if end and "·" in text[pos:end] and CUED_FOREIGN_END_RE.match(text, end) else None
                    if not end or text[pos:end] in self.known:
                        break
                    if text[pos] in self.not_after_cue and text[pos:end] not in self.persons:
                        break  # 居民|都期待, 学生|来报名: a word, not a name (surnames.tsv, after_cue)
                    add(pos, end, "PERSON")
                    if text[end : end + 1] != "、":
                        break
                    pos = end + 1
        # 4c. a name opening a sentence with a verb of office (王晨主持座谈会), or a clause with 主持 (…出席开幕会，何维主持开幕会)
        # Only sentence starts with a verb of office 2 to 4 characters on (a name's length) are tried.
        verb_at = {m.start() for m in _overlapping(OFFICIAL_VERB_RE, text)}  # 强调研究: 强调 and 调研
        if verb_at:
            chairs = [m.start() + 1 for m in CLAUSE_CHAIR_RE.finditer(text)]
            for pos in [0] + [m.end() for m in SENTENCE_BREAK_RE.finditer(text)] + chairs:
                if pos + 2 in verb_at or pos + 3 in verb_at or pos + 4 in verb_at:
                    end = self.name_at(text, pos, bounds)
                    if end and end in verb_at:
                        add(pos, end, "OFFICIAL")
        # 4d. a name opening a clause with a member's role and a verb of speaking (谢伏瞻常委提出)
        for mm in MEMBER_SPEAKS_RE.finditer(text) if MEMBER_SPEAKING_RE.search(text) else ():
            name = mm.group("name")
            if "·" in name or self._is_name(name):
                add(mm.start(), mm.end("name"), "OFFICIAL")
        # 5. later mentions of names found in this story
        if found_names:
            for start, end in _leftmost_longest(found_names, text):
                add(start, end, "OFFICIAL")
        # 6. short references: surname + role (景书记), when exactly one official of the story has that surname
        by_surname: Dict[str, Set[str]] = {}
        for n in found_names:
            by_surname.setdefault(n[0], set()).add(n)
        for m in _overlapping(SHORT_ROLE_RE, text) if by_surname else ():
            s_, e_ = m.start() - 1, m.end()
            names = by_surname.get(text[s_], set()) if s_ >= 0 else set()
            if len(names) == 1 and not any(taken[s_:e_]):
                people[(s_, e_)] = Cand(s_, e_, "OFFICIAL", {"canonical": next(iter(names)), "short_ref": True})

        # a role right after an official's name is that person's title: 习近平主席, 普京总统
        extra_titles = []
        for (s, e), c in list(people.items()):
            if c.label != "OFFICIAL" or c.attrs.get("short_ref"):
                continue
            role = next((r for r in self.roles_by_first.get(text[e : e + 1], ()) if text.startswith(r, e)), None)
            if role and not any(taken[e : e + len(role)]) and (e + len(role)) in bounds:
                extra_titles.append(Cand(e, e + len(role), "TITLE", {"role": role}))
                found_names.setdefault(text[s:e], [])
                if role not in found_names[text[s:e]]:
                    found_names[text[s:e]].append(role)
        out = list(extra_titles)
        for c in people.values():
            if c.label == "OFFICIAL":
                canon = c.attrs["canonical"]
                ts = found_names.get(canon) or found_names.get(text[c.start : c.end]) or []
                c.attrs["titles"] = list(ts)
                org = self._org_of(ts, cands, text)
                if org:
                    c.attrs["org"] = org
            out.append(c)
        self._member_categories(doc, text, titles, out)
        set_entities(doc, out)
        doc._.coref = self._pronouns(text, sorted(out, key=lambda c: c.start))
        return doc

    @staticmethod
    def _member_categories(doc: Doc, text: str, titles: List[Cand], out: List[Cand]) -> None:
        """A seat held by many that no name follows is a category of people, not one person's title (GUIDELINES,
        "A member category"): 中共中央政治局委员、中央书记处书记，…以及中央军委委员出席开班式 gives the ORGs
        中共中央政治局, 中央书记处 and 中央军委 and no TITLE; 中央委员199人 gives nothing (中央委员 is one word)."""
        people_starts = {c.start for c in out if c.label in ("OFFICIAL", "PERSON")}
        people_ends = {c.end for c in out if c.label in ("OFFICIAL", "PERSON")}
        title_at = {t.start: t for t in titles}
        attached: Set[int] = set()
        for t in sorted(titles, key=lambda t: -t.start):  # right to left: a chain is attached through its last title
            sep, nxt = text[t.end : t.end + 1], title_at.get(t.end + 1)
            if (SEAT_NAME_GAP_RE.match(text, t.end).end() in people_starts or t.start in people_ends or t.end in attached
                    or sep == "，" and t.end + 1 in attached
                    # 越共中央政治局委员、公安部部长…, 原党委委员、副总裁沈东: a seat listed with one person's office (or
                    # with what is no title here) is that person's; only a list of seats (政治局委员、书记处书记) is not
                    or sep in ("、", "兼") and (nxt is None or nxt.start in attached or not MEMBER_ROLE_RE.search(text[nxt.start : nxt.end]))
                    or text.endswith(("兼任", "担任", "为"), 0, t.start)):
                attached.add(t.start)
        title_end = {t.end: t for t in titles}
        for t in sorted(titles, key=lambda t: t.start):  # and left to right: 任命…为副检察长、|检察委员会委员
            prev = title_end.get(t.start - 1)
            if prev is not None and text[t.start - 1] in "、兼和" and prev.start in attached:
                attached.add(t.start)
        drop = set()
        for t in titles:
            role = t.attrs.get("role", "")
            if t.start in attached or not MEMBER_ROLE_RE.search(text[t.start : t.end]):
                continue
            if text.startswith(("职务", "等职务"), t.end):
                continue  # 任命王志民为|全国人大民族委员会副主任委员, 免去…的国家监委委员|职务: one person's seat
            drop.add((t.start, t.end))
            body_end = t.end - len(role)
            if body_end - t.start >= 2 and role in ("委员", "成员", "候补委员", "书记") and not text.endswith("中央", t.start, body_end):
                out.append(Cand(t.start, body_end, "ORG", {"kind": "body"}))
        if drop:
            doc._.ent_cands = [c for c in doc._.ent_cands if not (c[2] == "TITLE" and (c[0], c[1]) in drop)]

    def _org_of(self, titles: List[str], cands: List[Cand], text: str) -> Optional[str]:
        """The body of the first title (省委书记 -> 省委, expanded with the story's province: 吉林省委)."""
        if not titles:
            return None
        t = titles[0]
        m = re.match("(.+?)(?:常务)?(?:副)?(?:书记|主任|主席|组长|部长|省长|市长|常委|委员|秘书长|局长|厅长|总理)$", t)
        if not m:
            return None
        body = m.group(1)
        if body in ("省委", "省政府", "省政协"):
            provinces = [c.attrs.get("admin_path", [None])[0] for c in cands if c.label == "PLACE" and c.attrs.get("admin_path")]
            provinces = [p for p in provinces if p and p.endswith("省")]
            if provinces:
                top = max(set(provinces), key=provinces.count)
                return top + body[1:]
        return body

    def _pronouns(self, text: str, people: List[Cand]) -> List[dict]:
        officials = [c for c in people if c.label == "OFFICIAL"]
        ends = [c.end for c in officials]  # people come sorted by start, and officials do not overlap
        out = []
        for m in PRONOUN_RE.finditer(text):
            k = bisect.bisect_right(ends, m.start())
            if not k:
                continue
            # The antecedent is the most recent official who is not a mere companion in a list (…、X参加), nor one named
            # for whom someone acts or speaks (他首先代表中共中央和习近平总书记，向…致以新春祝福。他强调: 他 is the speaker)
            j = k - 1
            while j and ON_BEHALF_RE.search(text, max(text.rfind(c, 0, officials[j].start) for c in "，。；\n") + 1,
                                            officials[j].start):
                j -= 1
            ante = officials[j]
            out.append({"start": m.start(), "end": m.end(), "text": m.group(0), "antecedent": [ante.start, ante.end],
                        "canonical": ante.attrs.get("canonical")})
        author = next((c for c in officials if text.startswith(ARTICLE_OF, c.end)), None)
        if author is not None:
            for m in ARTICLE_REF_RE.finditer(text, author.end):
                out.append({"start": m.start(), "end": m.end(), "text": m.group(0), "antecedent": [author.start, author.end],
                            "canonical": author.attrs.get("canonical")})
            out.sort(key=lambda r: r["start"])
        return out



@Language.factory("zh_people", default_config={"lexicon_dir": None})
def make_people(nlp: Language, name: str, lexicon_dir: Optional[str]):
    return People(nlp, name, lexicon_dir)
