/**
 * Word lists for quote attribution in English, Russian and French (with German and Spanish basics):
 * speech verbs in every form, pronouns, titles, role and organisation nouns, and the small function
 * words the cue rules look at. Hand-written because no installed library carries journalistic speech
 * cues; every list is built once per language and cached, never per article.
 */

export type Gender = 'm' | 'f' | 'pl' | 'n';

export interface Lexicon {
  /** Lowercased forms of speech (and opinion/evaluation) verbs. */
  speechVerbs: Set<string>;
  /** Verb forms that are also nouns ("claims", "notes"): a verb only when a person is their subject. */
  weakVerbs: Set<string>;
  /** Articles and possessives: a verb-like word right after one is a noun ("the report"). */
  determiners: Set<string>;
  /** Verb forms that only count as speech with a particle after them ("summed" + "up"). */
  particleVerbs: Map<string, string>;
  /** Grammatical gender/number carried by a verb form (Russian past tense: сказала → f). */
  verbGender: Map<string, Gender>;
  /** Auxiliaries, modals and adverbs that may sit between a subject and its verb. */
  aux: Set<string>;
  pronouns: Map<string, Gender>;
  /** Token sequences meaning "according to" (the source follows). */
  according: string[][];
  /** Postpositions meaning "according to" (the source precedes: "X zufolge"). */
  accordingAfter: Set<string>;
  /** Hypothetical framing before a quote ("as if to say"): imagined speech, no speaker. */
  framing: string[][];
  /** Words right before a quote that make it a term, title or name ("so-called"). */
  otherMarkers: string[][];
  /** Capitalised titles written before names ("President", "Sen", "Mr"). */
  titles: Set<string>;
  /** Endings of compound titles ("Finanzminister", "Bundespräsidentin"). */
  titleSuffixes: string[];
  /** Words that continue a title after "of" ("Secretary of State"). */
  titleComplements: Set<string>;
  honorifics: Map<string, Gender>;
  /** Lowercase nouns naming a person's role ("spokesperson", "министр"). */
  roleNouns: Set<string>;
  /** Nouns naming an organisation ("company", "gouvernement"). */
  orgNouns: Set<string>;
  /** Organisation nouns that can stand as a speaker of their own ("the government said"). */
  institutions: Set<string>;
  /** Last words that make a capitalised name an organisation ("Association", "Inc"). */
  orgSuffixes: Set<string>;
  definite: Set<string>;
  indefinite: Set<string>;
  stopwords: Set<string>;
  prepositions: Set<string>;
  conjunctions: Set<string>;
  /** Relative pronouns that are the subject of their clause ("who said"). */
  relSubject: Set<string>;
  /** Relative pronouns that are the object of their clause ("which X proposed"). */
  relObject: Set<string>;
  /** Words after which a speech verb comes before its subject ("как сообщил X", "comme l'a dit X"). */
  inversionIntro: Set<string>;
  complementizers: Set<string>;
  /** Words written with a final period that does not end a sentence. */
  abbreviations: Set<string>;
  /** Lowercase particles inside names ("de", "van", "bin"). */
  nameParticles: Set<string>;
  /** Russian-style inflected names: compare names by stem. */
  inflectedNames: boolean;
  /** Adverbs end like this (-ly, -ment). */
  adverbSuffixes: string[];
}

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);
const phrases = (s: string): string[][] => s.split('|').map((p) => words(p.toLowerCase()));

// ---------------------------------------------------------------------------------------------
// English verb forms, generated from lemmas. `*` doubles the final consonant (admit → admitted).

function englishForms(lemma: string): string[] {
  const double = lemma.endsWith('*');
  const base = double ? lemma.slice(0, -1) : lemma;
  const last = base[base.length - 1] ?? '';
  const consonantY = /[^aeiou]y$/.test(base);
  const third = /(s|sh|ch|x|z|o)$/.test(base)
    ? `${base}es`
    : consonantY
      ? `${base.slice(0, -1)}ies`
      : `${base}s`;
  const past = base.endsWith('e')
    ? `${base}d`
    : consonantY
      ? `${base.slice(0, -1)}ied`
      : double
        ? `${base}${last}ed`
        : `${base}ed`;
  const ing = base.endsWith('ie')
    ? `${base.slice(0, -2)}ying`
    : /[^eoy]e$/.test(base)
      ? `${base.slice(0, -1)}ing`
      : double
        ? `${base}${last}ing`
        : `${base}ing`;
  return [base, third, past, ing];
}

const EN_REGULAR = words(`
  add note conclude explain ask insist warn argue lament describe call claim state declare announce
  admit* acknowledge agree answer reply respond recall remark observe stress emphasize emphasise
  underscore report confirm deny suggest predict promise vow urge testify tweet post comment complain
  concede contend assert maintain mention reveal repeat reiterate continue joke quip* shout cry yell
  whisper scream sigh laugh express label dub* term believe consider hope worry fear summarize summarise
  recount caution advise demand threaten boast brag allege counter retort protest plead pledge proclaim
  muse wonder estimate guess recommend charge accuse criticize criticise praise hail deem brand blast
  slam* decry dismiss highlight indicate inform instruct clarify elaborate specify confess disclose
  assure reassure remind signal add explain exclaim mutter murmur snap* stammer conclude acknowledge
  observe point sum* insist add wrote reason rule question challenge concede lament regret
`);

/** Verbs that are also common nouns ("a note", "the report"): their base and -s forms are weak. */
const EN_NOUNISH = new Set(
  words(`
  note call report post comment claim hope fear worry estimate guess charge question demand protest promise
  pledge label term reason rule answer reply tweet joke cry laugh signal brand praise state remark murmur sigh
  whisper scream shout yell vow quip counter challenge regret brag boast order doubt
`),
);

const EN_IRREGULAR = words(`
  say says said saying tell tells told telling write writes wrote written writing speak speaks spoke
  spoken speaking think thinks thought thinking find finds found finding feel feels felt
  go goes went going put puts putting
`);

/** Forms that are speech only with a particle after them. */
const EN_PARTICLES: [string[], string][] = [
  [englishForms('point'), 'out'],
  [englishForms('sum*'), 'up'],
  [['go', 'goes', 'went', 'going'], 'on'],
  [['feel', 'feels', 'felt', 'feeling'], 'that'],
  [['put', 'puts', 'putting'], 'it'],
];

function englishVerbs(): { verbs: Set<string>; weak: Set<string>; particles: Map<string, string> } {
  const verbs = new Set<string>();
  const weak = new Set<string>();
  for (const lemma of EN_REGULAR) {
    const forms = englishForms(lemma);
    for (const f of forms) verbs.add(f);
    if (EN_NOUNISH.has(lemma.replace('*', ''))) {
      weak.add(forms[0]!);
      weak.add(forms[1]!);
    }
  }
  for (const f of EN_IRREGULAR) verbs.add(f);
  const particles = new Map<string, string>();
  for (const [forms, particle] of EN_PARTICLES) {
    for (const f of forms) {
      verbs.add(f);
      particles.set(f, particle);
    }
  }
  return { verbs, weak, particles };
}

// ---------------------------------------------------------------------------------------------
// Russian: past-tense stems (+л/ла/ли/ло), reflexive past forms and present forms.

const RU_PAST_STEMS = words(`
  сказа заяви отмети добави подчеркну сообщи поясни уточни призна замети написа ответи рассказа
  предупреди призва назва констатирова напомни завери указа резюмирова вырази объясни спроси
  настаива утвержда заключи продолжи говори пообеща повтори возрази отрица парирова посетова
  признава оцени охарактеризова процитирова пожелал посчита счита полага допусти прокомментирова
  раскритикова упрекну обвини пригрози потребова предложи добави сообща отмеча заявля
`);
const RU_REFLEXIVE = words(`
  поделился поделилась поделились возмутился возмутилась возмутились удивился удивилась согласился
  согласилась согласились пожаловался пожаловалась пожаловались усомнился усомнилась выразился
  выразилась высказался высказалась высказались обратился обратилась признался призналась
  поинтересовался поинтересовалась
`);
const RU_PRESENT = words(`
  говорит говорят считает считают полагает полагают отмечает отмечают подчеркивает подчёркивает
  подчеркивают заявляет заявляют утверждает утверждают признает признаёт признают добавляет
  поясняет уточняет пишет пишут сообщает сообщают указывает напоминает уверен уверена уверены
  убежден убеждена убеждён рассказывает объясняет предупреждает настаивает называет резюмирует
  констатирует передает передаёт оценивает замечает спрашивает отвечает говорится
`);

function russianVerbs(): { verbs: Set<string>; gender: Map<string, Gender> } {
  const verbs = new Set<string>();
  const gender = new Map<string, Gender>();
  for (const stem of RU_PAST_STEMS) {
    const forms: [string, Gender][] = [
      [`${stem}л`, 'm'],
      [`${stem}ла`, 'f'],
      [`${stem}ли`, 'pl'],
      [`${stem}ло`, 'n'],
    ];
    for (const [f, g] of forms) {
      verbs.add(f);
      gender.set(f, g);
    }
  }
  for (const f of RU_REFLEXIVE) {
    verbs.add(f);
    gender.set(f, f.endsWith('лась') ? 'f' : f.endsWith('лись') ? 'pl' : 'm');
  }
  for (const f of RU_PRESENT) verbs.add(f);
  gender.set('уверена', 'f');
  gender.set('убеждена', 'f');
  return { verbs, gender };
}

// ---------------------------------------------------------------------------------------------
// French, German, Spanish: explicit forms (participles, present, imperfect, simple past).

const FR_VERBS = words(`
  dit dis disait dira déclaré déclare déclarait déclara affirmé affirme affirmait affirma ajouté ajoute
  ajoutait ajouta expliqué explique expliquait expliqua souligné souligne soulignait souligna estimé
  estime estimait estima indiqué indique indiquait indiqua précisé précise précisait précisa assuré
  assure assurait assura lancé lance lançait lança reconnu reconnaît reconnait reconnaissait insisté
  insiste insistait répondu répond répondait répondit annoncé annonce annonçait annonça confié confie
  confiait raconté raconte racontait martelé martèle rappelé rappelle rappelait noté note notait jugé
  juge jugeait averti avertit prévenu prévient regretté regrette regrettait dénoncé dénonce dénonçait
  écrit écrivait écrivit résumé résume poursuivi poursuit poursuivait conclu conclut concluait
  considéré considère considérait commenté commente déploré déplore confirmé confirme démenti dément
  pense pensait croit croyait tweeté argumenté argumente fustigé fustige prévenu promis promet
  interrogé demandé demande demandait réagi réagit s’exclame exclamé admis admet reconnaissant
  qualifié qualifie décrit décrivait jugeant estimant expliquant affirmant soulignant ajoutant
  déclarant assurant rappelant indiquant précisant
`);
const DE_VERBS = words(`
  sagte sagt sagten sagen gesagt erklärte erklärt erklärten betonte betont betonten meinte meint
  fügte fügt schrieb schreibt warnte warnt kritisierte kritisiert forderte fordert räumte fragte
  fragt antwortete antwortet sprach spricht bekräftigte bekräftigt ergänzte ergänzt berichtete
  berichtet teilte erläuterte erläutert unterstrich unterstreicht so
`);
const ES_VERBS = words(`
  dijo dice dicen dijeron afirmó afirma declaró declara señaló señala añadió añade explicó explica
  aseguró asegura indicó indica sostuvo sostiene agregó agrega comentó comenta apuntó apunta subrayó
  subraya destacó destaca advirtió advierte manifestó manifiesta expresó expresa escribió escribe
  preguntó pregunta respondió responde reconoció reconoce insistió insiste concluyó concluye
  consideró considera opinó opina
`);

// ---------------------------------------------------------------------------------------------

interface Part {
  aux: string;
  pronouns: [string, Gender][];
  according: string;
  accordingAfter?: string;
  framing: string;
  otherMarkers: string;
  titles: string;
  titleSuffixes?: string;
  titleComplements?: string;
  honorifics: [string, Gender][];
  roleNouns: string;
  orgNouns: string;
  institutions: string;
  orgSuffixes?: string;
  definite: string;
  indefinite: string;
  possessives: string;
  stopwords: string;
  prepositions: string;
  conjunctions: string;
  relSubject: string;
  relObject: string;
  inversionIntro: string;
  complementizers: string;
  abbreviations: string;
  nameParticles: string;
  adverbSuffixes: string[];
}

const EN: Part = {
  aux: `also then later further again once has have had would will was were is are did does do been being
    previously recently earlier still just only even never always often not may might could should can must
    ultimately finally first initially repeatedly reportedly publicly privately quickly strongly firmly flatly
    bluntly simply candidly separately similarly`,
  pronouns: [
    ['he', 'm'],
    ['she', 'f'],
    ['they', 'pl'],
    ['it', 'n'],
  ],
  according: 'according to|as reported by|in the words of',
  framing:
    'as if to say|as if saying|as though to say|as though saying|as if|as though|seemed to say|seeming to say',
  otherMarkers:
    'so-called|so called|the word|the words|the term|the phrase|the slogan|the motto|the hashtag|known as|nicknamed|titled|entitled|headlined|labelled|labeled|marked|stamped|reading|signs reading|a sign reading',
  titles: `president vice prime minister secretary spokesperson spokesman spokeswoman sen senator rep representative
    gov governor mayor gen general col colonel adm admiral lt sgt capt captain maj dr prof professor mr mrs ms miss mx
    sir dame lord lady judge justice chancellor king queen prince princess pope ambassador ceo cfo coo cto chairman
    chairwoman chair director chief commissioner attorney speaker leader rev reverend father sheikh ayatollah emir
    sultan premier deputy assistant acting former foreign defense defence interior finance press secretary-general
    president-elect coach officer inspector detective sergeant pastor rabbi imam bishop cardinal archbishop dean
    superintendent executive founder co-founder editor correspondent envoy congressman congresswoman councilman
    councilwoman councillor councilor assemblyman assemblywoman delegate treasurer prosecutor sheriff marshal
    vice-president senior`,
  titleComplements: `state defense defence foreign affairs justice health finance treasury interior education energy commerce
    labor labour transportation agriculture homeland security staff economy culture veterans the house commons lords
    council staffs`,
  honorifics: [
    ['mr', 'm'],
    ['mrs', 'f'],
    ['ms', 'f'],
    ['miss', 'f'],
    ['sir', 'm'],
    ['dame', 'f'],
    ['lord', 'm'],
    ['lady', 'f'],
    ['king', 'm'],
    ['queen', 'f'],
    ['prince', 'm'],
    ['princess', 'f'],
    ['father', 'm'],
    ['congressman', 'm'],
    ['congresswoman', 'f'],
  ],
  roleNouns: `spokesperson spokesman spokeswoman secretary minister president senator governor mayor diplomat ambassador
    official chancellor premier leader lawmaker legislator congressman congresswoman representative prosecutor judge
    general commander chief director chairman chairwoman chair ceo executive analyst professor expert economist
    lawyer attorney envoy king queen prince pope actor actress singer player coach manager founder co-founder
    scientist researcher doctor editor correspondent reporter journalist skipper captain owner co-owner head fellow
    adviser advisor aide strategist historian author activist candidate nominee politician deputy officer agent
    commissioner negotiator mediator investigator inspector regulator banker trader investor president-elect
    diplomat minister premier senator spokesperson sheriff superintendent pastor priest bishop rabbi imam teacher
    principal mother father resident witness victim survivor fisherman farmer worker employee owner`,
  orgNouns: `company firm government ministry agency party group organization organisation administration department
    police army military campaign team club bank union court council committee commission brokerage retailer chain
    newspaper network broadcaster outlet authority office service institute university school hospital board fund
    foundation association coalition alliance movement regime embassy parliament congress senate assembly
    corporation business startup store grocer manufacturer airline`,
  institutions: 'government police army military kremlin parliament congress senate',
  orgSuffixes: `company co corp corporation inc ltd llc plc group association council institution institute commission
    committee ministry department agency party bank fund university college center centre court market markets
    foundation times post news press union administration office authority organization organisation service
    services army police government parliament senate congress assembly network journal tribune herald guardian
    telegraph agency bureau league federation society club airlines airways motors holdings partners capital
    research labs laboratories foods`,
  definite: 'the this that',
  indefinite: 'a an one another',
  possessives: 'his her their its our my your',
  stopwords: `the a an but and or however in on at after before when while this that these those it he she they we i
    you his her their our its as if for from with by to of since although though because so then there here what which
    who why how where meanwhile still yet also already now today yesterday tomorrow last next some many most all both
    each every no not one two three more less during despite over under until unlike like among amid about asked
    taking according speaking earlier later instead indeed moreover furthermore nevertheless nonetheless thus hence
    therefore otherwise perhaps maybe even only just once twice first second finally overall again well yes read see
    watch listen photo video update updated editor note analysis opinion children people officials analysts experts
    critics police witnesses residents sources researchers scientists authorities prosecutors observers lawmakers
    supporters opponents others several few much such neither either whether unless whereas whose whom my your`,
  prepositions: `at in on with to from by of for about against between among into onto under over after before during
    since like than through toward towards without within via per including upon across behind beyond near around
    alongside amid despite except inside outside throughout`,
  conjunctions: 'and but or yet nor then while whereas',
  relSubject: 'who which',
  relObject: 'which whom whose',
  inversionIntro: 'as',
  complementizers: 'that whether',
  abbreviations: `mr mrs ms dr st sen rep gov gen col lt sgt capt prof jr sr rev hon no vs etc inc ltd co corp jan feb
    mar apr jun jul aug sep sept oct nov dec mt ft adm maj cmdr pres govt dept univ approx fig vol ed eds e.g i.e
    a.m p.m u.s u.k u.n`,
  nameParticles: 'de da di del della van von der den du la le bin ibn al el ben bint abu ter ten zu',
  adverbSuffixes: ['ly'],
};

const RU: Part = {
  aux: 'также тоже тогда ещё еще уже позже вновь снова ранее затем потом же лишь прямо неоднократно лично особо лишний',
  pronouns: [
    ['он', 'm'],
    ['она', 'f'],
    ['они', 'pl'],
  ],
  according:
    'по словам|по мнению|по данным|со слов|как сообщил|как сообщила|как сообщили|как заявил|как заявила|как отметил|как отметила|как пишет',
  framing: 'как бы говоря|словно говоря|будто говоря|словно|будто|как будто',
  otherMarkers:
    'так называемый|так называемая|так называемое|так называемые|так называемого|так называемой|так называемых|так называемую|под названием|под заголовком|с надписью|с лозунгом|слово|термин|выражение|лозунг',
  titles: 'г-н г-жа',
  honorifics: [
    ['г-н', 'm'],
    ['г-жа', 'f'],
  ],
  roleNouns: `министр президент дипломат пресс-секретарь представитель представительница глава посол сенатор депутат мэр
    губернатор премьер премьер-министр лидер политик эксперт аналитик чиновник руководитель директор председатель
    спикер советник помощник замминистра заместитель генсек секретарь политолог экономист юрист адвокат прокурор
    судья журналист основатель командующий генерал канцлер вице-премьер вице-президент сопредседатель министра
    президента дипломата главы посла представителя эксперта`,
  orgNouns:
    'правительство министерство ведомство компания партия полиция армия кремль администрация суд совет комиссия агентство',
  institutions: 'правительство полиция армия кремль',
  orgSuffixes: 'мид минобороны минфин оон нато',
  definite: '',
  indefinite: '',
  possessives: '',
  stopwords: `в во на по с со к о об от до из у за для при без и а но или что как когда если это этот эта эти он она
    они оно мы вы я его ее её их также тоже однако после перед между кроме ранее позже сейчас сегодня вчера завтра так
    там тут здесь где все всё весь вся уже еще ещё именно лишь только даже ведь же ли бы не ни нет да один одна два три
    при этом чтобы хотя поэтому потому впрочем кстати наконец итак вместе`,
  prepositions: 'в во на с со к ко по о об от до из у за для при без про через над под между перед после',
  conjunctions: 'и а но или да',
  relSubject: 'который которая которое которые кто',
  relObject: 'которого которую которым которой',
  inversionIntro: 'как',
  complementizers: 'что чтобы',
  abbreviations: 'г гг им т тыс млн млрд руб ул д см др пр проф акад',
  nameParticles: 'де да ди фон ван',
  adverbSuffixes: [],
};

const FR: Part = {
  aux: `a ont avait avaient aura aurait est été aussi également encore ensuite alors déjà ainsi notamment toutefois
    pourtant cependant lui-même elle-même y en ne n pas plus jamais récemment clairement fermement vivement
    longuement publiquement directement simplement seulement finalement ouvertement`,
  pronouns: [
    ['il', 'm'],
    ['elle', 'f'],
    ['ils', 'pl'],
    ['elles', 'pl'],
  ],
  according: 'selon|d’ après|d’ apres|aux dires de',
  framing: 'comme pour dire|comme si|comme pour',
  otherMarkers:
    'dite|soi-disant|surnommé|surnommée|intitulé|intitulée|baptisé|baptisée|le mot|le terme|l’expression|le slogan|appelé|appelée',
  titles: `m mme mlle me dr pr président présidente ministre premier première secrétaire général générale sénateur
    sénatrice député députée maire porte-parole`,
  titleComplements: 'état etat intérieur affaires étrangères justice',
  honorifics: [
    ['m', 'm'],
    ['mme', 'f'],
    ['mlle', 'f'],
  ],
  roleNouns: `ministre président présidente porte-parole diplomate sénateur sénatrice député députée maire ambassadeur
    ambassadrice chef dirigeant dirigeante responsable avocat avocate juge secrétaire directeur directrice patron
    patronne conseiller conseillère expert experte analyste chercheur chercheuse professeur élu élue rapporteur
    rapporteure procureur procureure commissaire général fondateur fondatrice candidat candidate militant militante
    syndicaliste économiste politologue`,
  orgNouns: `gouvernement ministère entreprise société groupe parti police armée agence commission conseil syndicat
    association autorité tribunal cour mairie préfecture exécutif`,
  institutions: 'gouvernement police armée exécutif',
  orgSuffixes: 'sa sas sarl',
  definite: 'le la l’ l les ce cette cet',
  indefinite: 'un une',
  possessives: 'des du son sa ses leur leurs mon ma mes notre nos votre vos',
  stopwords: `le la les l un une des du de d et mais ou donc or ni car en dans pour par sur avec sans sous il elle ils
    elles on nous vous je ce cet cette ces son sa ses leur leurs selon comme si quand lorsque alors ainsi depuis après
    avant pendant aussi encore déjà parmi retour lire revivez a au aux qui que quoi dont où cependant toutefois
    pourtant enfin puis ensuite certes même tout tous toute toutes plusieurs deux trois chaque voir`,
  prepositions:
    'à au aux de des du d avec pour par sur dans en entre chez contre sans sous vers après avant depuis',
  conjunctions: 'et mais puis ou',
  relSubject: 'qui lequel laquelle',
  relObject: 'dont',
  inversionIntro: 'comme',
  complementizers: 'que qu',
  abbreviations: 'm mm dr pr st ste av apr j.-c etc',
  nameParticles: 'de du des la le d',
  adverbSuffixes: [],
};

const DE: Part = {
  aux: 'auch noch dann bereits jedoch zudem außerdem später hat haben hatte hatten wird wurde',
  pronouns: [
    ['er', 'm'],
    ['sie', 'f'],
  ],
  according: 'laut|nach angaben von|nach worten von|so',
  accordingAfter: 'zufolge',
  framing: 'als wollte er sagen|als wollte sie sagen|als ob|als wolle',
  otherMarkers:
    'sogenannte|sogenannten|sogenannter|so genannte|so genannten|mit dem titel|das wort|der begriff',
  titles:
    'präsident präsidentin kanzler kanzlerin bundeskanzler bundeskanzlerin minister ministerin herr frau dr prof sprecher sprecherin',
  titleSuffixes:
    'minister ministerin präsident präsidentin kanzler kanzlerin sprecher sprecherin chef chefin vorsitzender vorsitzende',
  honorifics: [
    ['herr', 'm'],
    ['frau', 'f'],
  ],
  roleNouns:
    'sprecher sprecherin minister ministerin präsident präsidentin kanzler kanzlerin diplomat experte expertin chef chefin',
  orgNouns: 'regierung unternehmen firma partei polizei ministerium',
  institutions: 'regierung polizei',
  definite: 'der die das den dem des',
  indefinite: 'ein eine einen einem einer',
  possessives: 'sein seine ihr ihre',
  stopwords: `der die das den dem des ein eine einen einem einer und aber oder doch in im an am auf mit von vom zu zum zur
    bei für nach über unter aus er sie es wir ihr ich man dies diese dieser dieses laut so als wenn dass auch noch
    schon dann jetzt heute gestern`,
  prepositions: 'in im an am auf mit von vom zu zum zur bei beim für gegen nach über unter aus',
  conjunctions: 'und aber oder doch',
  relSubject: 'welcher welche',
  relObject: '',
  inversionIntro: 'wie',
  complementizers: 'dass',
  abbreviations: 'dr prof bzw usw z.b',
  nameParticles: 'von van der zu',
  adverbSuffixes: [],
};

const ES: Part = {
  aux: 'también luego además ya después ha han había habían',
  pronouns: [
    ['él', 'm'],
    ['ella', 'f'],
    ['ellos', 'pl'],
    ['ellas', 'pl'],
  ],
  according: 'según|de acuerdo con|a juicio de',
  framing: 'como diciendo|como si',
  otherMarkers:
    'llamado|llamada|denominado|denominada|titulado|titulada|la palabra|el término|el lema|la llamada|el llamado',
  titles: 'presidente presidenta ministro ministra sr sra don doña dr portavoz',
  honorifics: [
    ['sr', 'm'],
    ['sra', 'f'],
    ['don', 'm'],
    ['doña', 'f'],
  ],
  roleNouns: `portavoz ministro ministra presidente presidenta diplomático embajador embajadora experto experta analista
    jefe jefa líder secretario secretaria alcalde alcaldesa diputado diputada senador senadora dirigente`,
  orgNouns: 'gobierno empresa partido policía ministerio',
  institutions: 'gobierno policía',
  definite: 'el la los las',
  indefinite: 'un una',
  possessives: 'su sus',
  stopwords:
    'el la los las un una y e o pero en con de del a al por para sobre él ella ellos ellas este esta estos según como cuando si también ya hoy ayer',
  prepositions: 'en con de del a al por para sobre entre desde hacia sin',
  conjunctions: 'y e pero o',
  relSubject: 'quien quienes',
  relObject: '',
  inversionIntro: 'como',
  complementizers: 'que',
  abbreviations: 'sr sra dr etc',
  nameParticles: 'de del la y',
  adverbSuffixes: ['mente'],
};

const PARTS: Record<string, Part> = { en: EN, ru: RU, fr: FR, de: DE, es: ES };

/** Adds a language's lists; `contentOnly` takes names, titles and roles but no function words. */
function mergeInto(lex: Lexicon, part: Part, contentOnly = false): void {
  const add = (set: Set<string>, s: string) => {
    for (const w of words(s.toLowerCase())) set.add(w);
  };
  add(lex.titles, part.titles);
  for (const w of words(part.titleSuffixes ?? ''))
    if (!lex.titleSuffixes.includes(w)) lex.titleSuffixes.push(w);
  add(lex.titleComplements, part.titleComplements ?? '');
  for (const [h, g] of part.honorifics) lex.honorifics.set(h, g);
  add(lex.roleNouns, part.roleNouns);
  add(lex.orgNouns, part.orgNouns);
  add(lex.orgSuffixes, part.orgSuffixes ?? '');
  lex.according.push(...phrases(part.according));
  if (contentOnly) return;
  add(lex.aux, part.aux);
  for (const [p, g] of part.pronouns) lex.pronouns.set(p, g);
  if (part.accordingAfter) add(lex.accordingAfter, part.accordingAfter);
  lex.framing.push(...phrases(part.framing));
  lex.otherMarkers.push(...phrases(part.otherMarkers));
  add(lex.institutions, part.institutions);
  add(lex.definite, part.definite);
  add(lex.indefinite, part.indefinite);
  add(lex.determiners, `${part.definite} ${part.indefinite} ${part.possessives}`);
  add(lex.stopwords, part.stopwords);
  add(lex.prepositions, part.prepositions);
  add(lex.conjunctions, part.conjunctions);
  add(lex.relSubject, part.relSubject);
  add(lex.relObject, part.relObject);
  add(lex.inversionIntro, part.inversionIntro);
  add(lex.complementizers, part.complementizers);
  add(lex.abbreviations, part.abbreviations);
  add(lex.nameParticles, part.nameParticles);
  for (const s of part.adverbSuffixes) if (!lex.adverbSuffixes.includes(s)) lex.adverbSuffixes.push(s);
}

function emptyLexicon(): Lexicon {
  return {
    speechVerbs: new Set(),
    weakVerbs: new Set(),
    determiners: new Set(),
    particleVerbs: new Map(),
    verbGender: new Map(),
    aux: new Set(),
    pronouns: new Map(),
    according: [],
    accordingAfter: new Set(),
    framing: [],
    otherMarkers: [],
    titles: new Set(),
    titleSuffixes: [],
    titleComplements: new Set(),
    honorifics: new Map(),
    roleNouns: new Set(),
    orgNouns: new Set(),
    institutions: new Set(),
    orgSuffixes: new Set(),
    definite: new Set(),
    indefinite: new Set(),
    stopwords: new Set(),
    prepositions: new Set(),
    conjunctions: new Set(),
    relSubject: new Set(),
    relObject: new Set(),
    inversionIntro: new Set(),
    complementizers: new Set(),
    abbreviations: new Set(),
    nameParticles: new Set(),
    inflectedNames: false,
    adverbSuffixes: [],
  };
}

function addVerbs(lex: Lexicon, lang: string): void {
  if (lang === 'en') {
    const { verbs, weak, particles } = englishVerbs();
    for (const v of verbs) lex.speechVerbs.add(v);
    for (const v of weak) lex.weakVerbs.add(v);
    for (const [k, v] of particles) lex.particleVerbs.set(k, v);
  } else if (lang === 'ru') {
    const { verbs, gender } = russianVerbs();
    for (const v of verbs) lex.speechVerbs.add(v);
    for (const [k, v] of gender) lex.verbGender.set(k, v);
    lex.inflectedNames = true;
  } else {
    const list = lang === 'fr' ? FR_VERBS : lang === 'de' ? DE_VERBS : ES_VERBS;
    for (const v of list) lex.speechVerbs.add(v.toLowerCase());
  }
}

const cache = new Map<string, Lexicon>();

/** The lexicon for a language tag; unknown languages get every list at once. */
export function lexiconFor(lang: string): Lexicon {
  const primary = lang.toLowerCase().split('-')[0] ?? 'und';
  const key = primary in PARTS ? primary : 'und';
  const cached = cache.get(key);
  if (cached) return cached;
  const lex = emptyLexicon();
  const langs = key === 'und' ? Object.keys(PARTS) : [key];
  for (const l of langs) {
    mergeInto(lex, PARTS[l]!);
    addVerbs(lex, l);
  }
  // Other languages also know English titles and roles (articles name foreign officials in English
  // forms), but not English function words, which collide with theirs (French "a" is a verb).
  if (key !== 'und' && key !== 'en') mergeInto(lex, EN, true);
  cache.set(key, lex);
  return lex;
}
