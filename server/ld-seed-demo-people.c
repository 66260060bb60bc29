/* ld-seed-demo-people.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo's patients: names of a Bengaluru lab's city, in Latin and in
 * Devanagari, and some from abroad with their accents, so that search,
 * sorting and printing meet what a real desk meets. Made from a seeded
 * GRand, so every demo database has the same people.
 */

#define G_LOG_DOMAIN "ld-seed"

#include "config.h"

#include "ld-json.h"
#include "ld-seed-demo-private.h"

/* clang-format off */
static const char * const latin_women[] = {
  "Asha", "Priya", "Ananya", "Lakshmi", "Kavya", "Meera", "Deepa", "Sunita", "Pooja", "Divya",
  "Shreya", "Nandini", "Fatima", "Ayesha", "Gurpreet", "Rekha", "Savitri", "Bhavana", "Sneha",
  "Radha", "Uma", "Geeta", "Anjali", "Harini", "Lata", "Zainab", "Mary", "Shalini", "Vidya", "Roopa",
};
/* clang-format on */

/* clang-format off */
static const char * const latin_men[] = {
  "Ravi", "Arjun", "Suresh", "Rahul", "Mohammed", "Venkatesh", "Anil", "Kiran", "Manjunath",
  "Prakash", "Rajesh", "Imran", "Harpreet", "Sanjay", "Vikram", "Naveen", "Ganesh", "Abdul",
  "Joseph", "Ramesh", "Srinivas", "Aditya", "Karthik", "Farhan", "Deepak", "Mahesh", "Nikhil",
  "Siddharth", "Yusuf", "Thomas",
};
/* clang-format on */

/* clang-format off */
static const char * const latin_surnames[] = {
  "Rao", "Sharma", "Kumar", "Iyer", "Gowda", "Reddy", "Nair", "Shetty", "Singh", "Patel",
  "Sheikh", "Khan", "Menon", "Pillai", "Hegde", "Naidu", "Das", "Verma", "Joshi", "Kulkarni",
  "Bhat", "D'Souza", "Fernandes", "Mukherjee", "Banerjee", "Chatterjee", "Gupta", "Agarwal",
  "Kamath", "Krishnan", "Subramanian", "Murthy", "Ahmed", "Siddiqui", "Jain", "Mehta",
};
/* clang-format on */

/* clang-format off */
static const char * const devanagari_women[] = {
  "सुनीता", "प्रिया", "अनीता", "कविता", "पूजा", "रेखा", "गीता", "सीमा", "नेहा", "आशा",
  "ममता", "सरिता", "ज्योति", "उषा", "लक्ष्मी",
};
/* clang-format on */

/* clang-format off */
static const char * const devanagari_men[] = {
  "राहुल", "अमित", "सुरेश", "राजेश", "विकास", "संजय", "मनोज", "अजय", "रवि", "दीपक",
  "विजय", "अनिल", "प्रकाश", "सुनील", "महेश",
};
/* clang-format on */

/* clang-format off */
static const char * const devanagari_surnames[] = {
  "शर्मा", "वर्मा", "गुप्ता", "सिंह", "यादव", "मिश्रा", "पाण्डेय", "तिवारी", "जोशी", "अग्रवाल",
  "चौहान", "कुमार",
};
/* clang-format on */

/* Visitors and residents from abroad: the accents that search folds. */
static const struct
{
  const char *name;
  const char *sex;
  const char *country_code;
} foreign[] = {
  { "José Álvarez", "male", "+34" },      { "Zoë Müller", "female", "+49" },
  { "François Lefèvre", "male", "+33" },  { "Siobhán O'Brien", "female", "+353" },
  { "Nguyễn Thị Lan", "female", "+84" },  { "Jürgen Schäfer", "male", "+49" },
  { "Émilie Dubois", "female", "+33" },   { "John Smith", "male", "+44" },
  { "Emily Johnson", "female", "+1" },    { "Ahmed Al-Farsi", "male", "+971" },
  { "Søren Kierkegaard", "male", "+45" }, { "Ana Lucía Pérez", "female", "+34" },
  { "Kenji Watanabe", "male", "+81" },    { "Olga Ivanova", "female", "+7" },
  { "Chloé Martin", "female", "+33" },    { "Björn Andersson", "male", "+46" },
  { "Maria Rossi", "female", "+39" },     { "David Cohen", "male", "+972" },
  { "Grace Wanjiru", "female", "+254" },  { "Lukas Nowak", "male", "+48" },
};

/* clang-format off */
static const char * const streets[] = {
  "MG Road", "Brigade Road", "100 Feet Road, Indiranagar", "4th Block, Jayanagar",
  "Koramangala 5th Block", "Malleshwaram 8th Cross", "HSR Layout Sector 2", "Whitefield Main Road",
  "Basavanagudi", "Rajajinagar 2nd Stage", "JP Nagar 6th Phase", "Banashankari 3rd Stage",
};
/* clang-format on */

/* clang-format off */
static const char * const localities[] = {
  "Bengaluru 560001", "Bengaluru 560038", "Bengaluru 560011", "Bengaluru 560034",
  "Bengaluru 560003", "Bengaluru 560102", "Bengaluru 560066", "Bengaluru 560004",
};
/* clang-format on */

#define PICK(rand, table) (table[g_rand_int_range ((rand), 0, G_N_ELEMENTS (table))])

/* ASCII letters of @name for an e-mail address: "Asha Rao" -> "asha.rao". */
static char *
email_local_part (const char *name,
                  guint       index)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (*p == ' ' && out->len > 0 && out->str[out->len - 1] != '.')
        g_string_append_c (out, '.');
    }
  g_string_append_printf (out, "%u", index % 100);
  return g_string_free (out, FALSE);
}

/**
 * ld_demo_person_make:
 * @person: (out caller-allocates): the person, to clear with ld_demo_person_clear()
 * @rand: the demo's seeded generator
 * @index: the person's place in the demo (makes the phone unique)
 * @today_year: this year, for dates of birth
 *
 * About seven in ten have an Indian name in Latin letters, two in ten one
 * in Devanagari, one in ten a name from abroad with a phone of that
 * country; some give an age instead of a date of birth, some an e-mail,
 * an address or an ABHA number.
 */
void
ld_demo_person_make (LdDemoPerson *person,
                     GRand        *rand,
                     guint         index,
                     gint64        today_year)
{
  gboolean    female = g_rand_boolean (rand);
  int         kind = g_rand_int_range (rand, 0, 100);
  int         age = g_rand_int_range (rand, 0, 100) < 8 ? g_rand_int_range (rand, 1, 15)
                                                        : g_rand_int_range (rand, 18, 88);
  const char *country_code = "+91";

  memset (person, 0, sizeof *person);
  if (kind < 70)
    person->name =
      g_strdup_printf ("%s %s", female ? PICK (rand, latin_women) : PICK (rand, latin_men),
                       PICK (rand, latin_surnames));
  else if (kind < 90)
    person->name =
      g_strdup_printf ("%s %s",
                       female ? PICK (rand, devanagari_women) : PICK (rand, devanagari_men),
                       PICK (rand, devanagari_surnames));
  else
    {
      guint i = g_rand_int_range (rand, 0, G_N_ELEMENTS (foreign));

      person->name = g_strdup (foreign[i].name);
      female = g_str_equal (foreign[i].sex, "female");
      country_code = foreign[i].country_code;
    }
  person->sex = g_strdup (g_rand_int_range (rand, 0, 100) < 2 ? "other"
                          : female                            ? "female"
                                                              : "male");

  if (g_rand_int_range (rand, 0, 100) < 15)
    person->age_years = age;
  else
    {
      person->age_years = -1;
      person->date_of_birth =
        g_strdup_printf ("%04" G_GINT64_FORMAT "-%02d-%02d", today_year - age - 1,
                         g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
    }

  /* Unique numbers, so that no registration is a likely duplicate of
   * another by phone. */
  if (g_str_equal (country_code, "+91"))
    {
      int written = g_rand_int_range (rand, 0, 3);
      guint number = 10000 + index;

      person->phone = written == 0   ? g_strdup_printf ("+91 98%03u %05u", 450 + index % 7, number)
                      : written == 1 ? g_strdup_printf ("98%03u %05u", 860 + index % 7, number)
                                     : g_strdup_printf ("+91 99%03u-%05u", 100 + index % 9, number);
    }
  else if (g_rand_int_range (rand, 0, 100) < 90)
    person->phone = g_strdup_printf ("%s %03u %03u %03u", country_code, 200 + index % 700,
                                     100 + index % 900, index);

  if (g_rand_int_range (rand, 0, 100) < 30)
    {
      g_autofree char *local = email_local_part (person->name, index);

      person->email = local[0] != '\0' && !g_ascii_isdigit (local[0])
                        ? g_strdup_printf ("%s@example.com", local)
                        : g_strdup_printf ("patient%u@example.in", index);
    }
  if (g_rand_int_range (rand, 0, 100) < 40)
    person->address = g_strdup_printf ("%d, %s, %s", g_rand_int_range (rand, 1, 400),
                                       PICK (rand, streets), PICK (rand, localities));
  if (g_rand_int_range (rand, 0, 100) < 15)
    person->national_id =
      g_strdup_printf ("91-%04u-%04u-%04u", 1000 + index, g_rand_int_range (rand, 1000, 10000),
                       g_rand_int_range (rand, 1000, 10000));
}

void
ld_demo_person_clear (LdDemoPerson *person)
{
  g_clear_pointer (&person->name, g_free);
  g_clear_pointer (&person->sex, g_free);
  g_clear_pointer (&person->date_of_birth, g_free);
  g_clear_pointer (&person->phone, g_free);
  g_clear_pointer (&person->email, g_free);
  g_clear_pointer (&person->address, g_free);
  g_clear_pointer (&person->national_id, g_free);
}

/**
 * ld_demo_person_to_json:
 * @person: a person
 * @allow_duplicate: registered even if the server finds a likely duplicate
 *
 * Returns: (transfer full): the body of `POST /api/v1/patients` for @person
 */
JsonBuilder *
ld_demo_person_to_json (const LdDemoPerson *person,
                        gboolean            allow_duplicate)
{
  JsonBuilder *body = json_builder_new ();

  json_builder_begin_object (body);
  if (allow_duplicate)
    ld_json_builder_add_bool (body, "allow_duplicate", TRUE);
  ld_json_builder_add_string (body, "name", person->name);
  ld_json_builder_add_string (body, "sex", person->sex);
  if (person->date_of_birth != NULL)
    ld_json_builder_add_string (body, "date_of_birth", person->date_of_birth);
  else
    ld_json_builder_add_int (body, "age_years", person->age_years);
  if (person->phone != NULL)
    ld_json_builder_add_string (body, "phone", person->phone);
  if (person->email != NULL)
    ld_json_builder_add_string (body, "email", person->email);
  if (person->address != NULL)
    ld_json_builder_add_string (body, "address", person->address);
  if (person->national_id != NULL)
    ld_json_builder_add_string (body, "national_id", person->national_id);
  json_builder_end_object (body);
  return body;
}
