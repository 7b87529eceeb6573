// splink_baseline.mjs - a Splink-style record linkage written in DuckDB SQL,
// the baseline that tools/bench_link.sh measures `powtrace link` against.
//
// usage: node splink_baseline.mjs OUT.csv REGISTER.csv...
//
// What a Splink user writes, step for step (Splink 4 runs these steps as
// DuckDB SQL): the registers cleaned into one table (lower case, accents
// off, Cyrillic romanised letter by letter, dates parsed); blocking rules
// (service number; surname and birth year; first four letters of the
// surname, first initial and birth year; first name and birth date; surname,
// initial and nationality); comparisons with Jaro-Winkler and Damerau-
// Levenshtein levels; u from a million random pairs; m by expectation-
// maximisation in two sessions (blocked on the service number, and on
// surname and birth year); the prior from a deterministic rule with an
// assumed recall; a term-frequency adjustment on the surname; pairs at or
// above 0.9 clustered by connected components (label propagation in SQL).
// Writes OUT.csv: individual,source,record_id. Prints its steps' times.
import { DuckDBInstance } from '@duckdb/node-api';

const [out, ...files] = process.argv.slice(2);
if (!out || files.length === 0) {
	console.error('usage: node splink_baseline.mjs OUT.csv REGISTER.csv...');
	process.exit(2);
}
const t0 = Date.now();
const step = (what) => console.log(`${((Date.now() - t0) / 1000).toFixed(2)} s ${what}`);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const run = (sql) => c.run(sql);
const rows = async (sql) => (await c.runAndReadAll(sql)).getRowObjects();
const q = (s) => `'${s.replace(/'/g, "''")}'`;

// ---- the records, cleaned ------------------------------------------------
const cyr = 'абвгдезийклмнопрстуфхцыэ';
const lat = 'abvgdeziiklmnoprstufhcye';
const clean = (col) => `nullif(regexp_replace(translate(replace(replace(replace(replace(replace(
	replace(replace(replace(lower(strip_accents(${col})), 'ж', 'zh'), 'ч', 'ch'), 'ш', 'sh'),
	'щ', 'shch'), 'ю', 'yu'), 'я', 'ya'), 'ё', 'e'), 'ь', ''), ${q(cyr)}, ${q(lat)}), '[^a-z ]', '', 'g'), '')`;
const union = files.map((f) => `SELECT * FROM read_csv(${q(f)}, all_varchar = true, header = true)`)
	.join(' UNION ALL BY NAME ');
await run(`CREATE TABLE raw AS ${union}`);
await run(`CREATE TABLE rec AS SELECT row_number() OVER () AS id, source, record_id,
	${clean('surname')} AS surname,
	split_part(trim(${clean('given_names')}), ' ', 1) AS given,
	left(${clean('given_names')}, 1) AS initial,
	coalesce(try_strptime(birth_date, '%d.%m.%Y'), try_strptime(birth_date, '%Y-%m-%d'))::DATE AS dob,
	try_cast(regexp_extract(birth_date, '(1[89][0-9][0-9])', 1) AS INTEGER) AS yob,
	nullif(regexp_replace(service_number, '[^0-9]', '', 'g'), '') AS sn,
	nationality AS nat,
	nullif(regexp_replace(lower(unit), '[^a-z0-9 ]', '', 'g'), '') AS unit,
	coalesce(internment_camp, liberation_camp) AS camp
	FROM raw`);
await run(`UPDATE rec SET given = NULL WHERE given = ''`);
await run(`ALTER TABLE rec ADD COLUMN s4 VARCHAR; UPDATE rec SET s4 = left(surname, 4)`);
const [{ n }] = await rows('SELECT count(*)::DOUBLE AS n FROM rec');
step(`read ${n} records`);

// ---- blocking: each rule's pairs, less those of the rules before it ------------
const rules = [
	'l.sn = r.sn',
	'l.surname = r.surname AND l.yob = r.yob',
	'l.s4 = r.s4 AND l.initial = r.initial AND l.yob = r.yob',
	'l.given = r.given AND l.dob = r.dob',
	'l.surname = r.surname AND l.initial = r.initial AND l.nat = r.nat',
];
const parts = rules.map((rule, i) => {
	const before = rules.slice(0, i).map((b) => `coalesce((${b}), false)`).join(' OR ');
	return `SELECT l.id AS a, r.id AS b FROM rec l JOIN rec r ON ${rule} AND l.id < r.id` +
		(before ? ` WHERE NOT (${before})` : '');
});
await run(`CREATE TABLE pairs AS ${parts.join(' UNION ALL ')}`);
const [{ p }] = await rows('SELECT count(*)::DOUBLE AS p FROM pairs');
step(`blocked ${p} pairs`);

// ---- comparisons: gamma levels (-1: a value missing) -----------------------------
const levels = (l, r) => `
	CASE WHEN ${l}.surname IS NULL OR ${r}.surname IS NULL THEN -1
	     WHEN ${l}.surname = ${r}.surname THEN 3
	     WHEN jaro_winkler_similarity(${l}.surname, ${r}.surname) >= 0.92 THEN 2
	     WHEN jaro_winkler_similarity(${l}.surname, ${r}.surname) >= 0.85 THEN 1 ELSE 0 END AS g_surname,
	CASE WHEN ${l}.given IS NULL OR ${r}.given IS NULL THEN -1
	     WHEN ${l}.given = ${r}.given THEN 3
	     WHEN jaro_winkler_similarity(${l}.given, ${r}.given) >= 0.9 THEN 2
	     WHEN ${l}.initial = ${r}.initial THEN 1 ELSE 0 END AS g_given,
	CASE WHEN ${l}.yob IS NULL OR ${r}.yob IS NULL THEN -1
	     WHEN ${l}.dob = ${r}.dob THEN 4
	     WHEN ${l}.dob IS NOT NULL AND ${r}.dob IS NOT NULL AND date_trunc('month', ${l}.dob) = date_trunc('month', ${r}.dob) THEN 3
	     WHEN ${l}.yob = ${r}.yob THEN 2
	     WHEN abs(${l}.yob - ${r}.yob) <= 1 THEN 1 ELSE 0 END AS g_birth,
	CASE WHEN ${l}.sn IS NULL OR ${r}.sn IS NULL THEN -1
	     WHEN ${l}.sn = ${r}.sn THEN 2
	     WHEN damerau_levenshtein(${l}.sn, ${r}.sn) <= 1 THEN 1 ELSE 0 END AS g_sn,
	CASE WHEN ${l}.nat IS NULL OR ${r}.nat IS NULL THEN -1 WHEN ${l}.nat = ${r}.nat THEN 1 ELSE 0 END AS g_nat,
	CASE WHEN ${l}.unit IS NULL OR ${r}.unit IS NULL THEN -1 WHEN ${l}.unit = ${r}.unit THEN 2
	     WHEN jaro_winkler_similarity(${l}.unit, ${r}.unit) >= 0.8 THEN 1 ELSE 0 END AS g_unit,
	CASE WHEN ${l}.camp IS NULL OR ${r}.camp IS NULL THEN -1 WHEN ${l}.camp = ${r}.camp THEN 1 ELSE 0 END AS g_camp`;
const comparisons = ['g_surname', 'g_given', 'g_birth', 'g_sn', 'g_nat', 'g_unit', 'g_camp'];
const top = { g_surname: 3, g_given: 3, g_birth: 4, g_sn: 2, g_nat: 1, g_unit: 2, g_camp: 1 };
await run(`CREATE TABLE gamma AS SELECT p.a, p.b, l.surname AS surname_l, ${levels('l', 'r')}
	FROM pairs p JOIN rec l ON l.id = p.a JOIN rec r ON r.id = p.b`);
step('compared the pairs');

// ---- u from random pairs ------------------------------------------------------------
const sample = Math.min(n, Math.ceil(Math.sqrt(2e6)));
await run(`CREATE TABLE srec AS SELECT * FROM rec USING SAMPLE ${sample} ROWS (reservoir, 42)`);
await run(`CREATE TABLE ugamma AS SELECT ${levels('l', 'r')} FROM srec l JOIN srec r ON l.id < r.id`);
const u = {};
for (const g of comparisons) {
	const counts = await rows(`SELECT ${g} AS level, count(*)::DOUBLE AS k FROM ugamma WHERE ${g} >= 0 GROUP BY 1`);
	const total = counts.reduce((s, x) => s + x.k, 0);
	u[g] = {};
	for (let lv = 0; lv <= top[g]; lv++) {
		const hit = counts.find((x) => Number(x.level) === lv);
		u[g][lv] = Math.max((hit ? hit.k : 0) / total, 1 / (total * 10));
	}
}
step('estimated u from random pairs');

// ---- m by EM, in two sessions ----------------------------------------------------------
async function em(where, used) {
	const pats = await rows(`SELECT ${comparisons.join(', ')}, count(*)::DOUBLE AS k FROM gamma
		WHERE ${where} GROUP BY ALL`);
	const m = {};
	for (const g of used) {
		m[g] = {};
		for (let lv = 0; lv <= top[g]; lv++)
			m[g][lv] = (lv + 1) / ((top[g] + 1) * (top[g] + 2) / 2);   // rising with agreement
	}
	let lambda = 0.5;
	for (let it = 0; it < 100; it++) {
		const acc = {};
		for (const g of used) acc[g] = new Array(top[g] + 1).fill(1e-6);
		let matches = 0, all = 0;
		for (const row of pats) {
			let lm = Math.log(lambda), lu = Math.log(1 - lambda);
			for (const g of used) {
				const lv = Number(row[g]);
				if (lv < 0) continue;
				lm += Math.log(m[g][lv]);
				lu += Math.log(u[g][lv]);
			}
			const post = 1 / (1 + Math.exp(lu - lm));
			matches += post * row.k;
			all += row.k;
			for (const g of used) {
				const lv = Number(row[g]);
				if (lv >= 0) acc[g][lv] += post * row.k;
			}
		}
		lambda = Math.min(Math.max(matches / all, 1e-6), 1 - 1e-6);
		for (const g of used) {
			const s = acc[g].reduce((x, y) => x + y, 0);
			for (let lv = 0; lv <= top[g]; lv++) m[g][lv] = acc[g][lv] / s;
		}
	}
	return m;
}
const mA = await em('g_sn = 2', comparisons.filter((g) => g !== 'g_sn'));
const mB = await em('g_surname = 3 AND g_birth >= 2', ['g_sn', 'g_nat', 'g_unit', 'g_camp']);
const m = {};
for (const g of comparisons) {
	m[g] = {};
	for (let lv = 0; lv <= top[g]; lv++)
		m[g][lv] = mA[g] && mB[g] ? (mA[g][lv] + mB[g][lv]) / 2 : (mA[g] || mB[g])[lv];
}
step('estimated m by EM');

// ---- the prior: a deterministic rule and its assumed recall --------------------------------
const [{ d }] = await rows('SELECT count(*)::DOUBLE AS d FROM pairs p JOIN rec l ON l.id = p.a JOIN rec r ON r.id = p.b WHERE l.sn = r.sn');
const prior = d / 0.7 / (n * (n - 1) / 2);

// ---- predict: match weights with the surname's term frequency --------------------------------
await run(`CREATE TABLE tf AS SELECT surname, count(*)::DOUBLE / ${n} AS tf FROM rec WHERE surname IS NOT NULL GROUP BY 1`);
const w = (g, lv) => Math.log2(m[g][lv] / u[g][lv]);
const weightSql = comparisons.map((g) => {
	const cases = [];
	for (let lv = 0; lv <= top[g]; lv++) {
		if (g === 'g_surname' && lv === 3)
			cases.push(`WHEN 3 THEN log2(${m[g][3]} / greatest(tf.tf, ${1 / n}))`);
		else
			cases.push(`WHEN ${lv} THEN ${w(g, lv)}`);
	}
	return `(CASE ${g} ${cases.join(' ')} ELSE 0 END)`;
}).join(' + ');
await run(`CREATE TABLE predict AS SELECT a, b, ${Math.log2(prior / (1 - prior))} + ${weightSql} AS weight
	FROM gamma LEFT JOIN tf ON tf.surname = gamma.surname_l`);
await run('CREATE TABLE links AS SELECT a, b FROM predict WHERE 1 / (1 + pow(2, -weight)) >= 0.9');
const [{ k }] = await rows('SELECT count(*)::DOUBLE AS k FROM links');
step(`predicted: ${k} links at 0.9 or above`);

// ---- connected components, by label propagation in SQL ----------------------------------------
await run('CREATE TABLE edges AS SELECT a AS x, b AS y FROM links UNION ALL SELECT b, a FROM links');
await run('CREATE TABLE label AS SELECT id, id AS c FROM rec');
for (let it = 0; it < 100; it++) {
	await run(`CREATE OR REPLACE TABLE next AS SELECT l.id, least(l.c, coalesce(min(n.c), l.c)) AS c
		FROM label l LEFT JOIN edges e ON e.x = l.id LEFT JOIN label n ON n.id = e.y GROUP BY l.id, l.c`);
	const [{ changed }] = await rows('SELECT count(*)::DOUBLE AS changed FROM next JOIN label USING (id) WHERE next.c <> label.c');
	await run('DROP TABLE label; ALTER TABLE next RENAME TO label');
	if (changed === 0)
		break;
}
step('clustered');
await run(`COPY (SELECT label.c AS individual, rec.source, rec.record_id FROM rec JOIN label USING (id)
	ORDER BY 1, 2, 3) TO ${q(out)} (HEADER, DELIMITER ',')`);
step(`wrote ${out}`);
