// The questions of the talent-programs demo (examples/talent_programs.cpp), as an analyst would
// ask them in Cypher. The demo runs every statement on the graph it loaded and prints the rows;
// tests/examples/talent_programs_cypher.test.cpp checks each answer against the C++ one.
//
// Format: a statement ends at the first line that ends with `;`. The `//` lines before it are
// its heading: the first names the question (its number first), and a line `// as of: 2017,
// 2023` runs the statement once per date, with the date as cypher_options::as_of. Comments inside
// a statement are Cypher's own. On the investigations schema a label is an entity type (and
// finds its subtypes), and an entity's canonical name reads as `name` (docs/cypher.md).

// 1. Which programs link to semiconductor recruiting, and on what evidence?
// Within three steps, in either direction; dossier.explain gives each step's source and quote.
MATCH (program:Program), (chips:Field {name: 'semiconductors'})
MATCH path = shortestPath((program)-[*..3]-(chips))
RETURN program.name AS program, length(path) AS steps, dossier.explain(path) AS evidence
ORDER BY steps, program;

// 2. Who oversees Qiming, and what did it replace?
MATCH path = (:Program {name: 'Qiming'})<-[:oversees]-(overseer)
RETURN 'overseen by' AS relation, overseer.name AS name, dossier.explain(path) AS evidence
UNION ALL
MATCH path = (:Program {name: 'Qiming'})-[:succeeds]->(predecessor)
RETURN 'replaced' AS relation, predecessor.name AS name, dossier.explain(path) AS evidence;

// 3. Which recruiters advertised for Qiming, and what did they offer?
// People and companies only (a local government recruits for Qiming too); where each posted and
// whom it works for, with the quote that says so.
MATCH (recruiter)-[ad:recruits_for]->(:Program {name: 'Qiming'})
WHERE recruiter:Person OR recruiter:Company
RETURN recruiter.name AS recruiter, ad.offer AS offer, ad.summary AS details,
       dossier.citations(ad)[0].quote AS evidence,
       [(recruiter)-[post:posted_on]->(platform) | platform.name + ': ' + dossier.citations(post)[0].quote] AS posted_on,
       [(recruiter)-[job:Employment]->(employer) | employer.name + ': ' + dossier.citations(job)[0].quote] AS works_for
ORDER BY recruiter;

// 3. Where was Qiming advertised?
MATCH (:Program {name: 'Qiming'})-[ad:UnknownLink]->(platform:Platform)
RETURN platform.name AS platform, dossier.citations(ad)[0].quote AS evidence
ORDER BY platform;

// 4. Who received which program, and where did they train?
MATCH (person:Person)-[award:awarded]->(program:Program)
WITH person, collect(program.name + coalesce(' (' + toString(award.year) + ')', '') + ': ' +
                     dossier.citations(award)[0].quote) AS recipient_of
RETURN person.name AS person, recipient_of,
       [(person)-[study:studied_at]->(university) |
         university.name + coalesce(' (' + study.degree + ')', '') +
         coalesce(', from ' + toString(dossier.validFrom(study)), '') +
         coalesce(', until ' + toString(dossier.validTo(study)), '')] AS trained_at,
       [(person)-[:Employment]->(employer) | employer.name] AS works_at
ORDER BY person;

// 5. What do the article's spellings resolve to?
// A spelling that resolves to nothing gives no row (there is no OPTIONAL CALL).
UNWIND ['Kimming', 'Chiming', 'Qimming', 'Thousand Talent Plan', 'ＭＩＩＴ', 'Di Dawei', 'Zhejiang Univ.'] AS spelling
CALL dossier.resolve(spelling) YIELD node, score, ambiguous
RETURN spelling, node.name AS resolves_to, labels(node)[0] AS type, round(score * 100) / 100 AS score, ambiguous;

// 6. How does the picture differ as of 2017 and as of 2023?
// The date is an option of the run, not part of the text: relationships and entities that do
// not hold then are not seen. Undated facts hold at any date.
// as of: 2017, 2023
OPTIONAL MATCH ()-[r]->()
WITH count(r) AS relations_holding
OPTIONAL MATCH (p:Program)
WITH relations_holding, collect(p.name) AS programs
OPTIONAL MATCH (linked:Program)-[*1..3]-(:Field {name: 'semiconductors'})
WITH relations_holding, programs, count(DISTINCT linked) AS programs_linked_to_chips
OPTIONAL MATCH (qiming:Program {name: 'Qiming'})-[*1..2]-(:Field {name: 'semiconductors'})
WITH relations_holding, programs, programs_linked_to_chips, count(DISTINCT qiming) AS qiming_linked_to_chips
OPTIONAL MATCH (recruiter)-[:recruits_for]->(:Program {name: 'Qiming'})
RETURN relations_holding, programs, programs_linked_to_chips, qiming_linked_to_chips,
       count(DISTINCT recruiter) AS recruiters_for_qiming;

// 7. The money, as the article states it.
// Money is a value of its own (an exact amount or range with its currency): Cypher has no
// arithmetic on it, so the conversion to US dollars at the article's rate stays in C++. The
// money properties are those the schema declares (docs/schema.md).
MATCH (program:Program) WHERE program.signingBonus IS NOT NULL
RETURN program.name AS holder, 'signingBonus' AS what, program.signingBonus AS amount
UNION ALL
MATCH (payer)-[r:ProjectParticipant]->(payee)
WITH payer, r, payee, coalesce(r.amount, r.offer, r.incentive, r.prize) AS amount
WHERE amount IS NOT NULL
RETURN payer.name + ' -[' + type(r) + ']-> ' + payee.name AS holder, r.summary AS what, amount;

// 8. The most central brokers (betweenness) are not asked here: centralities are C++ calls
// (dossier::betweenness), not Cypher functions or procedures.
