/* bench-patient-search.c: patient search over a million patients, and orders
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test. It writes 1,000,000 generated patients
 * through the store API (with their change-feed rows, as registration
 * writes them) into a fresh database, starts the real labdesk-server over
 * it on loopback, signs in as reception and sends keystroke-sized searches
 * from 1, 8 and 32 concurrent clients (a thread and a keep-alive connection
 * each, through bench-http-client.c, which leaves the shared cores to the
 * server).
 * A latency runs from the send to the last byte of the body. Each client
 * sends its next search as soon as the last is answered (no think time,
 * unless --think-ms), so 32 clients measure the server at saturation: its
 * capacity on this machine, not 32 desks typing. Then 32 clients search
 * again as desks typing do: each pauses after an answer for a random time
 * averaging --desk-think-ms (100 ms, a fast typist's keystroke; 320
 * searches a second in all, far more than a lab's desks send).
 * Then it creates orders, from 1 and 8 desks at once, over that database.
 *
 * The budget (from the issue): search p99 under 10 ms at 32 clients. Both
 * readings are checked against it and printed.
 *
 * Run, from a release build:
 *   meson setup _build-bench --buildtype=release -Dclient=false
 *   ninja -C _build-bench && _build-bench/bench/bench-patient-search
 * Options: --patients N (default 1000000); --requests N and --seconds S per
 * level (default 4000 searches or 60 s, whichever ends first); --orders N
 * (default 2000 per level); --think-ms MS (the pause of the 1, 8 and 32
 * client levels, default 0); --desk-think-ms MS (the pause of the desks'
 * run, default 100; 0 skips it); --keep (leave the database); --db FILE
 * (search a database kept by an earlier run made with the same --patients).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <unistd.h>

#include "bench-common.h"
#include "bench-http-client.h"
#include "ld-seed.h"
#include "domain/ld-password.h"

#define DEFAULT_PATIENTS 1000000
#define DEFAULT_REQUESTS 4000
#define DEFAULT_SECONDS 60
#define DEFAULT_ORDERS 2000
#define DEFAULT_DESK_THINK_MS 100
#define ORDER_CLIENTS 8
#define WARM_UP_REQUESTS 1000
#define WARM_UP_SECONDS 15
#define BATCH_SIZE 10000
#define PROGRESS_EVERY 100000
#define PAGE_SIZE 25
#define BUDGET_CLIENTS 32
#define BUDGET_P99_MS 10.0

#define PATIENT_SEED G_GUINT64_CONSTANT (0x6c61626465736b31)
#define QUERY_SEED G_GUINT64_CONSTANT (0x7365617263686573)
#define WARM_UP_SEED G_GUINT64_CONSTANT (0x7761726d75707321)

static const guint client_levels[] = { 1, 8, BUDGET_CLIENTS };

/* Names, most common first: they are drawn with a skew towards the head of
 * each list, as real registers are (Kumar, Singh and Sharma fill pages). */
/* clang-format off */
static const char * const latin_female[] = {
  "Priya", "Anjali", "Sunita", "Pooja", "Neha", "Kavita", "Lakshmi", "Asha", "Meena", "Geeta",
  "Rekha", "Anita", "Deepa", "Divya", "Sneha", "Shreya", "Ananya", "Fatima", "Ayesha",
  "Shalini", "Swati", "Aarti", "Nisha", "Jyoti", "Kamala", "Lata", "Madhuri", "Manisha",
  "Nandini", "Padma", "Parvati", "Radha", "Ritu", "Sarita", "Savita", "Seema", "Shobha",
  "Smita", "Sushma", "Uma", "Usha", "Vandana", "Vidya", "Zainab", "Simran", "Harpreet",
  "Manpreet", "Reshma", "Shabana", "Poonam", "Archana", "Preeti", "Pallavi", "Ramya",
  "Keerthi", "Sowmya", "Revathi", "Malini", "Bhavana", "Chitra", "Gayatri", "Indira", "Mary",
  "Sarah", "Maria", "Anna", "Emma", "Olivia", "Sophie", "Grace", "Hannah", "Elena", "Aisha",
  "Mei", "Yuki",
};
/* clang-format on */

/* clang-format off */
static const char * const latin_male[] = {
  "Rahul", "Amit", "Arjun", "Ravi", "Suresh", "Ramesh", "Rajesh", "Mahesh", "Mohammed",
  "Vijay", "Sanjay", "Ajay", "Anil", "Sunil", "Manoj", "Vinod", "Ashok", "Deepak", "Pradeep",
  "Sandeep", "Rakesh", "Mukesh", "Dinesh", "Harish", "Kiran", "Krishna", "Gopal", "Mohan",
  "Abdul", "Imran", "Salman", "Irfan", "Gurpreet", "Manish", "Nitin", "Rohit", "Rohan",
  "Siddharth", "Vikram", "Varun", "Karthik", "Arun", "Prakash", "Srinivas", "Venkatesh",
  "Balaji", "Murali", "Senthil", "Prasad", "Shankar", "Anand", "Aditya", "Akash", "Ankit",
  "Gaurav", "Kunal", "Naveen", "Pankaj", "Praveen", "Sachin", "Santosh", "Sameer", "Yogesh",
  "Joseph", "Thomas", "George", "John", "David", "Michael", "Daniel", "Peter", "Ahmed", "Omar",
  "Wei", "Kenji",
};
/* clang-format on */

/* clang-format off */
static const char * const latin_surnames[] = {
  "Kumar", "Singh", "Sharma", "Patel", "Shah", "Khan", "Das", "Reddy", "Rao", "Gupta", "Verma",
  "Yadav", "Nair", "Iyer", "Joshi", "Mehta", "Jain", "Agarwal", "Mishra", "Pandey", "Shaikh",
  "Sheikh", "Ahmed", "Ghosh", "Banerjee", "Chatterjee", "Mukherjee", "Bose", "Sen", "Dutta",
  "Roy", "Kulkarni", "Deshpande", "Patil", "Pawar", "Jadhav", "Shinde", "Desai", "Shetty",
  "Hegde", "Naik", "Kamath", "Pai", "Bhat", "Menon", "Pillai", "Iyengar", "Tiwari", "Dubey",
  "Tripathi", "Shukla", "Srivastava", "Saxena", "Bansal", "Goel", "Mittal", "Khanna", "Kapoor",
  "Malhotra", "Chopra", "Arora", "Sethi", "Bhatia", "Ahuja", "Gill", "Sandhu", "Dhillon",
  "Sidhu", "Grewal", "Kaur", "Qureshi", "Ansari", "Siddiqui", "Hussain", "Syed", "Pathan",
  "Mirza", "Naidu", "Chowdary", "Varma", "Krishnan", "Subramanian", "Raman", "Venkatesan",
  "Sundaram", "Natarajan", "Ramachandran", "Murthy", "Prasad", "Thomas", "Mathew", "George",
  "Varghese", "Joseph", "Fernandes", "D'Souza", "Pereira", "Rodrigues", "Gomes", "Lobo",
  "Sinha", "Jha", "Thakur", "Chauhan", "Rathore", "Solanki", "Parmar", "Chaudhary",
  "Bhattacharya", "Saha", "Mondal", "Biswas", "Sarkar", "Dey", "Pal", "Nath", "Bora", "Gogoi",
  "Hazarika", "Gurung", "Mohanty", "Panda", "Behera", "Sahoo", "Nayak", "Dash", "Trivedi",
  "Vyas", "Bhatt", "Parikh", "Modi", "Thakkar", "Kothari", "Smith", "Johnson", "Williams",
  "Brown", "Jones", "Miller", "Wilson", "Taylor", "Anderson", "Lee", "Wang", "Zhang", "Chen",
  "Tanaka", "Kim", "Nguyen", "Ali", "Hassan", "Ibrahim", "Silva", "Santos", "Costa", "Rossi",
  "Schmidt", "Fischer", "Ivanov", "Kowalski", "Murphy", "O'Brien",
};
/* clang-format on */

/* clang-format off */
static const char * const accented_female[] = {
  "Zoë", "Renée", "Chloé", "Inês", "Françoise", "Noémie", "Hélène", "Agnès", "Lucía", "Mónica",
};
/* clang-format on */

/* clang-format off */
static const char * const accented_male[] = {
  "José", "André", "João", "Jérôme", "René", "Raúl", "Ángel", "Sebastián", "Björn", "Jürgen",
};
/* clang-format on */

/* clang-format off */
static const char * const accented_surnames[] = {
  "Álvarez", "Gómez", "Peña", "Núñez", "Ibáñez", "Muñoz", "Pérez", "Fernández", "Rodríguez",
  "García", "Lefèvre", "Müller", "Gonçalves", "Côté",
};
/* clang-format on */

/* clang-format off */
static const char * const devanagari_female[] = {
  "प्रिया", "अंजलि", "सुनीता", "पूजा", "नेहा", "कविता", "आशा", "गीता", "रेखा", "अनीता", "लक्ष्मी",
  "सीमा",
};
/* clang-format on */

/* clang-format off */
static const char * const devanagari_male[] = {
  "राहुल", "अमित", "अर्जुन", "रवि", "सुरेश", "रमेश", "राजेश", "महेश", "विजय", "संजय", "अनिल",
  "मनोज", "दीपक", "मोहन",
};
/* clang-format on */

/* clang-format off */
static const char * const devanagari_surnames[] = {
  "शर्मा", "कुमार", "सिंह", "वर्मा", "गुप्ता", "यादव", "पटेल", "जोशी", "मिश्रा", "तिवारी",
  "पाण्डेय", "दुबे", "शुक्ला", "श्रीवास्तव", "अग्रवाल", "जैन", "चौहान", "ठाकुर", "कुलकर्णी", "झा",
};
/* clang-format on */

/* clang-format off */
static const char * const streets[] = {
  "MG Road", "Brigade Road", "Jayanagar 4th Block", "Koramangala 5th Block", "100 Feet Road",
  "Anna Salai", "Linking Road", "Park Street", "Civil Lines", "Sector 15", "Station Road",
  "Gandhi Nagar",
};
/* clang-format on */

/* clang-format off */
static const char * const cities[] = {
  "Bengaluru 560001", "Chennai 600002", "Mumbai 400050", "Kolkata 700016", "Delhi 110054",
  "Pune 411001", "Hyderabad 500001", "Mysuru 570001", "Kochi 682011", "Jaipur 302001",
};
/* clang-format on */

typedef enum
{
  SCRIPT_LATIN,
  SCRIPT_ACCENTED,
  SCRIPT_DEVANAGARI,
} NameScript;

/* One generated patient; the same index always gives the same patient, so
 * the query mix can be drawn from patients that exist without storing them. */
typedef struct
{
  char        id[37];
  NameScript  script;
  const char *first;
  const char *last;
  char       *name;
  LdSex       sex;
  char       *date_of_birth;
  gint64      age_years;
  char        national[11];
  char       *phone;
  char       *email;
  char       *address;
  char       *national_id;
} FakePatient;

typedef enum
{
  QUERY_NAME_2,
  QUERY_NAME_3_4,
  QUERY_NAME_TWO_WORDS,
  QUERY_NAME_ACCENTED,
  QUERY_NAME_DEVANAGARI,
  QUERY_PHONE,
  QUERY_MRN,
  N_QUERY_KINDS
} QueryKind;

/* clang-format off */
static const char * const query_kind_names[N_QUERY_KINDS] = {
  "name, 2 letters (\"ku\")",
  "name, 3-4 letters (\"pri\")",
  "name, two words (\"pri sha\")",
  "name, typed with Latin accents",
  "name, Devanagari",
  "phone, 5-8 digits (\"98450\")",
  "MRN prefix (\"P00012\")",
};
/* clang-format on */

/* The mix, in twentieths: a desk searches mostly by name, a few letters at
 * a time, and less often by phone number or MRN. */
static const guint query_kind_weights[N_QUERY_KINDS] = { 3, 5, 4, 1, 2, 3, 2 };

typedef struct
{
  QueryKind  kind;
  char      *text;
} Query;

typedef struct
{
  const char  *base_uri;
  const char  *token;
  const Query *queries;
  guint        n_queries;
  double      *ms;
  guint       *hits;
  guint        think_ms;
  gint64       deadline;
  gint         next;
  gint         n_failed;
  GMutex       mutex;
  GCond        cond;
  guint        n_ready;
  gboolean     go;
} Run;

static guint n_patients = DEFAULT_PATIENTS;
static guint n_requests = DEFAULT_REQUESTS;
static guint n_seconds = DEFAULT_SECONDS;
static guint n_orders = DEFAULT_ORDERS;
static guint think_ms;
static guint desk_think_ms = DEFAULT_DESK_THINK_MS;
static gboolean keep_database;
static char *reuse_db_path;

/* clang-format off */
static const GOptionEntry option_entries[] = {
  { "patients", 'n', 0, G_OPTION_ARG_INT, &n_patients, "Patients to generate", "N" },
  { "requests", 'r', 0, G_OPTION_ARG_INT, &n_requests, "Searches per concurrency level", "N" },
  { "seconds", 's', 0, G_OPTION_ARG_INT, &n_seconds, "At most this long per level", "S" },
  { "orders", 'o', 0, G_OPTION_ARG_INT, &n_orders, "Orders per level (0: none)", "N" },
  { "think-ms", 't', 0, G_OPTION_ARG_INT, &think_ms,
    "Pause after each answer, as a desk typing would (default 0: saturation)", "MS" },
  { "desk-think-ms", 0, 0, G_OPTION_ARG_INT, &desk_think_ms,
    "The pause of the 32 desks typing (default 100; 0: no such run)", "MS" },
  { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep_database, "Keep the database and print where", NULL },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &reuse_db_path,
    "Search this kept database instead of generating one (same --patients)", "FILE" },
  { NULL }
};
/* clang-format on */

/* splitmix64: small, fast and good enough to pick names. */
static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static double
random_unit (guint64 *state)
{
  return (next_random (state) >> 11) * (1.0 / 9007199254740992.0);
}

static guint
random_below (guint64 *state,
              guint    n)
{
  return (guint) (random_unit (state) * n);
}

/* Index i is drawn with probability rising towards 0: the first of 150
 * surnames comes about 8% of the time, the median one about 0.3%. */
static const char *
pick_skewed (guint64            *state,
             const char * const *names,
             guint               n_names)
{
  double u = random_unit (state);

  return names[(guint) (u * u * n_names)];
}

static guint64
seed_for (guint64 seed,
          guint   index)
{
  /* Each index gets its own stream; they never overlap in practice. */
  return seed ^ ((guint64) index << 32);
}

static void
fake_patient_clear (FakePatient *fake)
{
  g_clear_pointer (&fake->name, g_free);
  g_clear_pointer (&fake->date_of_birth, g_free);
  g_clear_pointer (&fake->phone, g_free);
  g_clear_pointer (&fake->email, g_free);
  g_clear_pointer (&fake->address, g_free);
  g_clear_pointer (&fake->national_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FakePatient, fake_patient_clear)

#define PICK(state, names) pick_skewed ((state), (names), G_N_ELEMENTS (names))

static void
pick_name (FakePatient *fake,
           guint64     *state)
{
  gboolean female = random_unit (state) < 0.5;
  double script = random_unit (state);
  double shape = random_unit (state);
  double sex = random_unit (state);
  const char *middle = NULL;

  if (script < 0.05)
    {
      fake->script = SCRIPT_DEVANAGARI;
      fake->first = female ? PICK (state, devanagari_female) : PICK (state, devanagari_male);
      fake->last = PICK (state, devanagari_surnames);
    }
  else if (script < 0.10)
    {
      /* An accented first name, an accented surname, or both. */
      double which = random_unit (state);

      fake->script = SCRIPT_ACCENTED;
      if (which < 0.6)
        fake->first = female ? PICK (state, accented_female) : PICK (state, accented_male);
      else
        fake->first = female ? PICK (state, latin_female) : PICK (state, latin_male);
      fake->last = which >= 0.3 ? PICK (state, accented_surnames) : PICK (state, latin_surnames);
    }
  else
    {
      fake->script = SCRIPT_LATIN;
      fake->first = female ? PICK (state, latin_female) : PICK (state, latin_male);
      fake->last = PICK (state, latin_surnames);
      if (shape < 0.10)
        middle = female ? PICK (state, latin_female) : PICK (state, latin_male);
    }

  fake->sex = female ? LD_SEX_FEMALE : LD_SEX_MALE;
  if (sex > 0.995)
    fake->sex = LD_SEX_OTHER;
  else if (sex > 0.985)
    fake->sex = LD_SEX_UNKNOWN;

  /* Some registers write the surname first. */
  if (middle != NULL)
    fake->name = g_strdup_printf ("%s %s %s", fake->first, middle, fake->last);
  else if (shape > 0.97)
    fake->name = g_strdup_printf ("%s %s", fake->last, fake->first);
  else
    fake->name = g_strdup_printf ("%s %s", fake->first, fake->last);
}

static void
make_fake_patient (guint        index,
                   FakePatient *fake)
{
  guint64 state = seed_for (PATIENT_SEED, index);
  guint64 a = next_random (&state);
  guint64 b = next_random (&state);

  /* A version 4 UUID from the stream, so two runs write the same rows. */
  g_snprintf (fake->id, sizeof fake->id, "%08x-%04x-4%03x-%04x-%012" G_GINT64_MODIFIER "x",
              (guint) (a >> 32), (guint) (a >> 16) & 0xffff, (guint) a & 0xfff,
              ((guint) (b >> 48) & 0x3fff) | 0x8000, b & G_GUINT64_CONSTANT (0xffffffffffff));

  pick_name (fake, &state);

  fake->age_years = -1;
  if (random_unit (&state) < 0.88)
    fake->date_of_birth =
      g_strdup_printf ("%04u-%02u-%02u", 1935 + random_below (&state, 90),
                       1 + random_below (&state, 12), 1 + random_below (&state, 28));
  else
    fake->age_years = random_below (&state, 96);

  /* Indian mobile numbers: ten digits starting 6 to 9, written several ways. */
  g_snprintf (fake->national, sizeof fake->national, "%u%09u",
              6 + random_below (&state, 4), random_below (&state, 1000000000));
  if (random_unit (&state) < 0.92)
    {
      double style = random_unit (&state);

      if (style < 0.4)
        fake->phone = g_strdup_printf ("%.5s %s", fake->national, fake->national + 5);
      else if (style < 0.7)
        fake->phone = g_strdup_printf ("+91 %.5s %s", fake->national, fake->national + 5);
      else if (style < 0.9)
        fake->phone = g_strdup (fake->national);
      else
        fake->phone = g_strdup_printf ("+91-%s", fake->national);
    }
  else
    {
      fake->national[0] = '\0';
    }

  if (random_unit (&state) < 0.25)
    {
      if (fake->script == SCRIPT_DEVANAGARI)
        {
          fake->email = g_strdup_printf ("patient%u@example.in", index);
        }
      else
        {
          g_autofree char *first = g_str_to_ascii (fake->first, "C");
          g_autofree char *last = g_str_to_ascii (fake->last, "C");
          g_autofree char *local = g_strdup_printf ("%s.%s%u", first, last, index % 100);
          g_autofree char *lower = NULL;

          g_strdelimit (local, "' ", '_');
          lower = g_ascii_strdown (local, -1);
          fake->email = g_strconcat (lower, "@example.com", NULL);
        }
    }

  if (random_unit (&state) < 0.7)
    fake->address = g_strdup_printf ("%u, %s, %s", 1 + random_below (&state, 999),
                                     streets[random_below (&state, G_N_ELEMENTS (streets))],
                                     cities[random_below (&state, G_N_ELEMENTS (cities))]);

  /* An ABHA health number (14 digits) for some. */
  if (random_unit (&state) < 0.15)
    fake->national_id = g_strdup_printf ("%02u-%04u-%04u-%04u", random_below (&state, 100),
                                         random_below (&state, 10000),
                                         random_below (&state, 10000),
                                         random_below (&state, 10000));
}


static gboolean
load_patients (const char  *db_path,
               GError     **error)
{
  g_autoptr(LdStore) store = NULL;
  g_auto(LdStoreCredentials) reception = { 0 };
  gint64 started;
  gint64 batch_started;
  double seconds;

  /* As the test fixture does: libsodium first, then the demo users. */
  if (!ld_password_init (error))
    return FALSE;
  store = ld_store_open (db_path, error);
  if (store == NULL ||
      !ld_seed_demo (store, NULL, error) ||
      !ld_store_users_get_credentials (store, "reception", &reception, error))
    return FALSE;

  g_print ("Generating %u patients through the store API, %u per transaction\n",
           n_patients, BATCH_SIZE);
  started = batch_started = g_get_monotonic_time ();
  for (guint first = 0; first < n_patients; first += BATCH_SIZE)
    {
      g_auto(LdStoreTransaction) txn = { NULL };
      guint end = MIN (first + BATCH_SIZE, n_patients);

      if (!ld_store_transaction_begin (&txn, store, error))
        return FALSE;

      for (guint i = first; i < end; i++)
        {
          g_auto(FakePatient) fake = { { 0 } };
          g_autoptr(LdPatient) patient = NULL;
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) record = NULL;

          make_fake_patient (i, &fake);
          patient = ld_patient_new (fake.id);
          ld_patient_set_fields (patient, fake.name, fake.sex, fake.date_of_birth,
                                 fake.age_years, fake.phone, fake.email, fake.address,
                                 fake.national_id);
          if (!ld_store_patients_insert (store, patient, reception.user_id, error))
            return FALSE;

          /* As registration does, so the server finds no feed to fill in. */
          ld_patient_to_json (patient, builder);
          record = json_builder_get_root (builder);
          if (!ld_store_changes_append (store, "patient", fake.id, LD_ROLE_ALL, record, error))
            return FALSE;
        }

      if (!ld_store_transaction_commit (&txn, error))
        return FALSE;

      if (end % PROGRESS_EVERY == 0 || end == n_patients)
        {
          gint64 now = g_get_monotonic_time ();
          guint in_step = end % PROGRESS_EVERY ? end % PROGRESS_EVERY : PROGRESS_EVERY;

          g_print ("  %8u patients  %6.1f s  %7.0f patients/s (last %u: %7.0f/s)\n", end,
                   (now - started) / 1e6, end / ((now - started) / 1e6), in_step,
                   in_step / ((now - batch_started) / 1e6));
          batch_started = now;
        }
    }

  seconds = (g_get_monotonic_time () - started) / 1e6;
  g_print ("Inserted %u patients in %.1f s: %.0f patients/s\n", n_patients, seconds,
           n_patients / seconds);

  return TRUE;
}

/* Up to @n_chars characters of @text, lower-cased as a desk would type them. */
static char *
dup_typed_prefix (const char *text,
                  glong       n_chars)
{
  g_autofree char *prefix = g_utf8_substring (text, 0, MIN (n_chars, g_utf8_strlen (text, -1)));

  return g_utf8_strdown (prefix, -1);
}

static void
pick_patient (guint64     *state,
              NameScript   script,
              FakePatient *out_fake)
{
  /* Draw until the script matches: 5% of patients are Devanagari, 5% accented.
   * A tiny --patients may have none, so give up after a while. */
  for (guint tries = 0;; tries++)
    {
      make_fake_patient (random_below (state, n_patients), out_fake);
      if (out_fake->script == script || tries == 1000)
        return;
      fake_patient_clear (out_fake);
    }
}

static char *
make_query_text (QueryKind  kind,
                 guint64   *state)
{
  g_auto(FakePatient) fake = { { 0 } };
  const char *word;

  switch (kind)
    {
    case QUERY_NAME_2:
    case QUERY_NAME_3_4:
      pick_patient (state, SCRIPT_LATIN, &fake);
      word = random_unit (state) < 0.5 ? fake.first : fake.last;
      return dup_typed_prefix (word, kind == QUERY_NAME_2 ? 2 : 3 + random_below (state, 2));

    case QUERY_NAME_TWO_WORDS:
      {
        g_autofree char *first = NULL;
        g_autofree char *last = NULL;

        pick_patient (state, SCRIPT_LATIN, &fake);
        first = dup_typed_prefix (fake.first, 3 + random_below (state, 3));
        last = dup_typed_prefix (fake.last, 2 + random_below (state, 3));
        return g_strdup_printf ("%s %s", first, last);
      }

    case QUERY_NAME_ACCENTED:
      pick_patient (state, SCRIPT_ACCENTED, &fake);
      /* The accented word, typed with its accent. */
      word = g_str_is_ascii (fake.first) ? fake.last : fake.first;
      return dup_typed_prefix (word, 3 + random_below (state, 3));

    case QUERY_NAME_DEVANAGARI:
      pick_patient (state, SCRIPT_DEVANAGARI, &fake);
      word = random_unit (state) < 0.6 ? fake.first : fake.last;
      return dup_typed_prefix (word, 2 + random_below (state, 3));

    case QUERY_PHONE:
      {
        guint n_digits = 5 + random_below (state, 4);

        do
          {
            fake_patient_clear (&fake);
            make_fake_patient (random_below (state, n_patients), &fake);
          }
        while (fake.phone == NULL);

        /* Typed with the country code a quarter of the time. */
        if (random_unit (state) < 0.25)
          return g_strdup_printf ("+91 %.5s %.*s", fake.national, (int) n_digits - 5,
                                  fake.national + 5);
        return g_strndup (fake.national, n_digits);
      }

    case QUERY_MRN:
    default:
      {
        g_autofree char *mrn = ld_patient_format_mrn (1 + random_below (state, n_patients));

        return g_strndup (mrn, 4 + random_below (state, 4));
      }
    }
}

static Query *
make_queries (guint64 seed,
              guint   n)
{
  Query *queries = g_new0 (Query, n);
  guint wheel[20];
  guint n_wheel = 0;

  for (guint kind = 0; kind < N_QUERY_KINDS; kind++)
    for (guint w = 0; w < query_kind_weights[kind]; w++)
      wheel[n_wheel++] = kind;
  g_assert (n_wheel == G_N_ELEMENTS (wheel));

  for (guint i = 0; i < n; i++)
    {
      guint64 state = seed_for (seed, i);

      queries[i].kind = wheel[random_below (&state, n_wheel)];
      queries[i].text = make_query_text (queries[i].kind, &state);
    }

  return queries;
}

static void
free_queries (Query *queries,
              guint  n)
{
  for (guint i = 0; i < n; i++)
    g_free (queries[i].text);
  g_free (queries);
}

static guint
count_items (const GString *body)
{
  guint n = 0;

  for (const char *p = strstr (body->str, "\"mrn\""); p != NULL; p = strstr (p + 5, "\"mrn\""))
    n++;

  return n;
}

/* Sends one search; the latency covers sending and reading the whole body. */
static gboolean
send_search (BenchConnection *connection,
             const char      *auth,
             const char      *text,
             GString         *body,
             double          *out_ms,
             guint           *out_hits)
{
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/patients?limit=%d&q=%s", PAGE_SIZE, escaped);
  g_autoptr(GError) error = NULL;
  guint status = 0;
  gint64 started;
  gboolean answered;

  started = g_get_monotonic_time ();
  answered = bench_connection_get (connection, path, auth, &status, body, &error);
  *out_ms = (g_get_monotonic_time () - started) / 1000.0;

  if (!answered || status != SOUP_STATUS_OK)
    {
      g_printerr ("search “%s” failed: %s %u\n", text, error ? error->message : "status", status);
      *out_hits = 0;
      return FALSE;
    }

  *out_hits = count_items (body);
  return TRUE;
}

/* Keystrokes come at random times: a fixed pause would let clients answered
 * together (one audit group) march in step, which no desk does. Exponential,
 * averaging @mean_ms, capped at ten times that. */
static gulong
think_pause_us (GRand *rand,
                guint  mean_ms)
{
  double pause = -log (1.0 - g_rand_double (rand)) * mean_ms;

  return (gulong) (MIN (pause, 10.0 * mean_ms) * 1000);
}

static gpointer
run_client (gpointer data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchConnection) connection = bench_connection_new (run->base_uri, &error);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", run->token);
  g_autoptr(GRand) rand = g_rand_new ();
  double ms;
  guint hits;
  guint i;

  if (connection == NULL)
    g_error ("cannot connect to the server: %s", error->message);

  /* An untimed first request, as a desk's first after signing in. */
  if (!send_search (connection, auth, "zz", body, &ms, &hits))
    g_atomic_int_inc (&run->n_failed);

  g_mutex_lock (&run->mutex);
  run->n_ready++;
  g_cond_broadcast (&run->cond);
  while (!run->go)
    g_cond_wait (&run->cond, &run->mutex);
  g_mutex_unlock (&run->mutex);

  /* Every index taken is answered, so the first MIN (next, n_queries) are done. */
  while (g_get_monotonic_time () < run->deadline &&
         (i = (guint) g_atomic_int_add (&run->next, 1)) < run->n_queries)
    {
      if (!send_search (connection, auth, run->queries[i].text, body, &run->ms[i],
                        &run->hits[i]))
        g_atomic_int_inc (&run->n_failed);
      if (run->think_ms > 0)
        g_usleep (think_pause_us (rand, run->think_ms));
    }

  return NULL;
}

static guint
get_n_done (const Run *run)
{
  return MIN ((guint) run->next, run->n_queries);
}

/* Runs the queries in order, @n_clients at a time, until all are answered
 * or @seconds have passed; returns the wall time in seconds. */
static double
run_level (Run   *run,
           guint  n_clients,
           guint  seconds)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  gint64 started;

  run->next = 0;
  run->n_ready = 0;
  run->go = FALSE;

  for (guint c = 0; c < n_clients; c++)
    g_ptr_array_add (threads, g_thread_new ("bench-client", run_client, run));

  g_mutex_lock (&run->mutex);
  while (run->n_ready < n_clients)
    g_cond_wait (&run->cond, &run->mutex);
  started = g_get_monotonic_time ();
  run->deadline = started + seconds * G_USEC_PER_SEC;
  run->go = TRUE;
  g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->mutex);

  for (guint c = 0; c < threads->len; c++)
    g_thread_join (g_ptr_array_index (threads, c));

  return (g_get_monotonic_time () - started) / 1e6;
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (goffset) buf.st_size : 0;
}

static void
print_database_size (const char *when,
                     const char *db_path)
{
  g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *main_size = g_format_size (file_size (db_path));
  g_autofree char *wal_size = g_format_size (file_size (wal_path));

  g_print ("Database %s: %s (%" G_GOFFSET_FORMAT " bytes), WAL %s\n", when, main_size,
           file_size (db_path), wal_size);
}

/* Reads the file once, so the OS holds it in its cache, as on a server that
 * has been up for a while; the first searches then measure SQLite, not the disk. */
static void
read_through (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autofree char *buffer = g_malloc (1 << 20);
  gint64 started = g_get_monotonic_time ();
  goffset total = 0;
  gssize n;

  if (stream == NULL)
    return;

  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 1 << 20, NULL, NULL)) > 0)
    total += n;
  g_print ("Read the database once into the OS cache: %" G_GOFFSET_FORMAT " MB in %.1f s\n",
           total >> 20, (g_get_monotonic_time () - started) / 1e6);
}

/* The server logs a line per request to stderr; send its stderr to a file
 * (as journald would take it) so the figures stay readable. */
static LdTestServer *
spawn_server (const char *db_path,
              const char *log_path)
{
  int saved = dup (STDERR_FILENO);
  int log_fd = open (log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  LdTestServer *server;

  if (saved < 0 || log_fd < 0)
    g_error ("cannot redirect the server's log: %s", g_strerror (errno));

  dup2 (log_fd, STDERR_FILENO);
  server = ld_test_server_spawn (db_path, NULL);
  dup2 (saved, STDERR_FILENO);
  close (saved);
  close (log_fd);

  return server;
}

/* CPU time (user and system) of process @pid in ms, from /proc; -1 if
 * unreadable. Per search, it says what a search costs, which throughput
 * on a shared 2-core machine only hints at. */
static double
process_cpu_ms (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return -1;

  /* After "pid (comm)": state is field 3; utime and stime are 14 and 15. */
  fields = g_strsplit (after_name + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return -1;

  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1000.0 /
         sysconf (_SC_CLK_TCK);
}

/* Figures for the answered queries of @kind (N_QUERY_KINDS: all kinds). */
static BenchFigures
figures_of_kind (const Run *run,
                 QueryKind  kind,
                 double    *out_mean_hits)
{
  g_autofree double *ms = g_new (double, run->n_queries);
  guint64 hits = 0;
  guint n = 0;

  for (guint i = 0; i < get_n_done (run); i++)
    if (kind == N_QUERY_KINDS || run->queries[i].kind == kind)
      {
        ms[n++] = run->ms[i];
        hits += run->hits[i];
      }

  *out_mean_hits = n > 0 ? (double) hits / n : 0;
  return bench_figures (ms, n);
}

static void
print_figures (const char         *what,
               const BenchFigures *f,
               double              mean_hits)
{
  g_print ("  %-34s n=%-5u p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   %4.1f hits\n",
           what, f->n, f->p50, f->p99, f->max, mean_hits);
}

/* Runs one level of @n_clients at run->think_ms and prints its figures:
 * all searches, the CPU each cost, and each kind's. */
static BenchFigures
measure_level (Run        *run,
               const char *what,
               guint       n_clients,
               const char *server_pid,
               double     *out_rate)
{
  double server_cpu = process_cpu_ms (server_pid);
  double bench_cpu = process_cpu_ms ("self");
  BenchFigures all;
  double seconds;
  double hits;

  run->n_failed = 0;
  seconds = run_level (run, n_clients, n_seconds);
  all = figures_of_kind (run, N_QUERY_KINDS, &hits);
  *out_rate = all.n / seconds;
  server_cpu = (process_cpu_ms (server_pid) - server_cpu) / MAX (all.n, 1);
  bench_cpu = (process_cpu_ms ("self") - bench_cpu) / MAX (all.n, 1);
  print_figures (what, &all, hits);
  g_print ("  CPU per search: server %.3f ms, these clients %.3f ms\n", server_cpu, bench_cpu);

  /* At one client, each kind's own cost; at 32, what a desk sees waiting
   * behind the others. */
  for (guint k = 0; k < N_QUERY_KINDS; k++)
    {
      BenchFigures f = figures_of_kind (run, k, &hits);

      print_figures (query_kind_names[k], &f, hits);
    }
  g_print ("\n");

  return all;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- patient search and orders");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *order_body = NULL;
  LdTestServer *server;
  BenchFigures levels[G_N_ELEMENTS (client_levels)] = { { 0 } };
  double rates[G_N_ELEMENTS (client_levels)] = { 0 };
  double orders_per_second[2] = { 0 };
  BenchFigures typing = { 0 };
  double typing_rate = 0;
  const guint last = G_N_ELEMENTS (client_levels) - 1;
  g_auto(FakePatient) first = { { 0 } };
  Query *warm_up;
  Run run = { 0 };
  double seconds;
  gint n_failed = 0;
  const char *server_pid;

  /* Names and examples are UTF-8; under LANG=C, g_print shows them as '?'. */
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, option_entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_patients < 1 || n_patients > 100000000 || n_requests < 1 || n_requests > 10000000 ||
      n_seconds < 1 || n_seconds > 86400 || n_orders > 1000000 || think_ms > 60000 ||
      desk_think_ms > 60000)
    {
      g_printerr ("--patients, --requests and --seconds must be positive, --orders at most"
                  " 1000000, --think-ms and --desk-think-ms at most 60000\n");
      return 2;
    }

  if (g_getenv ("LABDESK_SERVER") == NULL)
    g_setenv ("LABDESK_SERVER", LABDESK_SERVER_PATH, TRUE);

  tmpdir = g_dir_make_tmp ("labdesk-bench-XXXXXX", &error);
  g_assert_no_error (error);
  log_path = g_build_filename (tmpdir, "server.log", NULL);

  g_print ("bench-patient-search: %u patients, %u searches or %u s per level, limit=%d, %u CPUs,"
           " think time %u ms\n",
           n_patients, n_requests, n_seconds, PAGE_SIZE, g_get_num_processors (), think_ms);
  g_print ("Server: %s\n\n", g_getenv ("LABDESK_SERVER"));

  if (reuse_db_path != NULL)
    {
      db_path = g_strdup (reuse_db_path);
      g_print ("Searching the kept database %s (not generated again)\n", db_path);
    }
  else
    {
      db_path = g_build_filename (tmpdir, "labdesk.db", NULL);
      if (!load_patients (db_path, &error))
        g_error ("generating patients failed: %s", error->message);
    }
  print_database_size ("before the searches", db_path);
  read_through (db_path);

  seconds = g_get_monotonic_time () / 1e6;
  server = spawn_server (db_path, log_path);
  token = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_print ("Server on %s after %.1f s (migrations included), signed in as reception\n\n",
           ld_test_server_get_uri (server), g_get_monotonic_time () / 1e6 - seconds);

  server_pid = ld_test_server_get_process (server) != NULL ?
               g_subprocess_get_identifier (ld_test_server_get_process (server)) : NULL;
  run.base_uri = ld_test_server_get_uri (server);
  run.token = token;
  g_mutex_init (&run.mutex);
  g_cond_init (&run.cond);

  /* Untimed: fills the server's statement cache and its page cache. */
  warm_up = make_queries (WARM_UP_SEED, WARM_UP_REQUESTS);
  run.queries = warm_up;
  run.n_queries = WARM_UP_REQUESTS;
  run.ms = g_new0 (double, WARM_UP_REQUESTS);
  run.hits = g_new0 (guint, WARM_UP_REQUESTS);
  seconds = run_level (&run, 8, WARM_UP_SECONDS);
  g_print ("Warm-up (not counted): %u searches from 8 clients in %.1f s\n", get_n_done (&run),
           seconds);
  n_failed += run.n_failed;
  g_free (run.ms);
  g_free (run.hits);
  free_queries (warm_up, WARM_UP_REQUESTS);

  /* Every level sends the same queries in the same order. */
  run.queries = make_queries (QUERY_SEED, n_requests);
  run.n_queries = n_requests;
  run.ms = g_new0 (double, n_requests);
  run.hits = g_new0 (guint, n_requests);

  g_print ("Query mix (of every 20): ");
  for (guint k = 0; k < N_QUERY_KINDS; k++)
    g_print ("%s%u %s", k ? ", " : "", query_kind_weights[k], query_kind_names[k]);
  g_print ("\nExamples:");
  for (guint i = 0; i < MIN (n_requests, 14); i++)
    g_print (" \"%s\"", run.queries[i].text);
  g_print ("\n\n");

  for (guint l = 0; l < G_N_ELEMENTS (client_levels); l++)
    {
      g_autofree char *what = g_strdup_printf ("%u client%s, all searches", client_levels[l],
                                               client_levels[l] > 1 ? "s" : "");

      run.think_ms = think_ms;
      levels[l] = measure_level (&run, what, client_levels[l], server_pid, &rates[l]);
      n_failed += run.n_failed;
    }

  if (desk_think_ms > 0)
    {
      g_autofree char *what = g_strdup_printf ("%u desks typing, all searches", BUDGET_CLIENTS);

      run.think_ms = desk_think_ms;
      typing = measure_level (&run, what, BUDGET_CLIENTS, server_pid, &typing_rate);
      n_failed += run.n_failed;
    }

  if (n_orders > 0)
    {
      /* A four-test cart with a discount, for a patient of the million. */
      make_fake_patient (0, &first);
      order_body = g_strdup_printf ("{\"patient_id\": \"%s\","
                                    " \"items\": [\"CBC\", \"KFT\", \"ELEC\", \"TSH\"],"
                                    " \"discount\": {\"kind\": \"percent\", \"value\": 10,"
                                    " \"reason\": \"bench\"}}", first.id);
      orders_per_second[0] = bench_orders (server, token, order_body, n_orders, 1);
      orders_per_second[1] = bench_orders (server, token, order_body, n_orders, ORDER_CLIENTS);
      g_print ("\n");
    }

  g_print ("Summary (%u patients, GET /api/v1/patients?q=...&limit=%d, loopback,"
           " think time %u ms)\n", n_patients, PAGE_SIZE, think_ms);
  g_print ("  clients  searches    req/s   p50 ms   p99 ms   max ms\n");
  for (guint l = 0; l < G_N_ELEMENTS (client_levels); l++)
    g_print ("  %7u  %8u  %7.1f  %7.2f  %7.2f  %7.2f\n", client_levels[l], levels[l].n,
             rates[l], levels[l].p50, levels[l].p99, levels[l].max);
  g_print ("  Budget: p99 under %.0f ms at %u clients, think time %u ms: %s (%.2f ms);"
           " capacity about %.0f searches/s\n", BUDGET_P99_MS, BUDGET_CLIENTS, think_ms,
           levels[last].p99 < BUDGET_P99_MS ? "MET" : "NOT MET", levels[last].p99, rates[last]);
  if (desk_think_ms > 0)
    g_print ("  Budget: p99 under %.0f ms at %u desks typing (pauses averaging %u ms,"
             " %.0f searches/s): %s (%.2f ms)\n", BUDGET_P99_MS, BUDGET_CLIENTS, desk_think_ms,
             typing_rate, typing.p99 < BUDGET_P99_MS ? "MET" : "NOT MET", typing.p99);
  if (levels[last].n < n_requests)
    g_print ("  Levels that hit the %u s limit answered fewer than %u searches.\n",
             n_seconds, n_requests);
  if (n_orders > 0)
    g_print ("  Orders created per second: %.0f from 1 desk, %.0f from %u desks\n",
             orders_per_second[0], orders_per_second[1], ORDER_CLIENTS);
  if (n_failed > 0)
    g_print ("  %d searches failed; the figures above are not trustworthy.\n", n_failed);

  ld_test_server_free (server);
  print_database_size ("after the run", db_path);

  free_queries ((Query *) run.queries, run.n_queries);
  g_free (run.ms);
  g_free (run.hits);
  g_mutex_clear (&run.mutex);
  g_cond_clear (&run.cond);

  if (keep_database)
    g_print ("Kept %s and the server's log %s\n", db_path, log_path);
  else
    ld_test_remove_tree (tmpdir);
  g_clear_pointer (&reuse_db_path, g_free);

  return n_failed > 0 ? 1 : 0;
}
