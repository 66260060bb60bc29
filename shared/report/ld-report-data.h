/* ld-report-data.h: what a printed document says, as plain data
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The renderer reads only these structs, never the server's or the
 * client's model, so whoever prints (the server from its store, the client
 * from its cache) fills one of them with one function per document.
 * Text arrives formatted for people ("34 years", "Female", "Dr Asha Rao,
 * MD"); money arrives as paise and times as UTC microseconds since the
 * epoch, which the renderer formats in one place (ld-report-format.h).
 * Every string may be %NULL or empty, and is then left out or shown as a
 * dash. A time of 0 means "not known".
 */

/**
 * LdReportLab:
 * @name: the lab's name, the heading of every page
 * @address: postal address; newlines are kept
 * @phone: (nullable): contact phone
 * @email: (nullable): contact e-mail
 * @website: (nullable): web address
 * @registration: (nullable): licence or accreditation line
 * @upi_id: (nullable): UPI virtual payment address, such as "lab@okbank";
 *   receipts offer a payment QR only when it is set
 * @time_zone: (nullable): IANA zone the lab's times are shown in, such as
 *   "Asia/Kolkata"; %NULL for the local zone of the process
 * @logo_png: (nullable): the lab's logo as PNG data
 */
typedef struct
{
  char   *name;
  char   *address;
  char   *phone;
  char   *email;
  char   *website;
  char   *registration;
  char   *upi_id;
  char   *time_zone;
  GBytes *logo_png;
} LdReportLab;

/**
 * LdReportPatient:
 * @name: full name, in any script
 * @mrn: the lab's record number, the first identifier
 * @second_id_label: (nullable): what @second_id is, such as "ABHA ID" or "Phone"
 * @second_id: (nullable): a second identifier
 * @sex: (nullable): as shown, such as "Female"
 * @age: (nullable): as shown, such as "34 years"
 * @date_of_birth: (nullable): as shown, such as "12 Mar 1992"
 */
typedef struct
{
  char *name;
  char *mrn;
  char *second_id_label;
  char *second_id;
  char *sex;
  char *age;
  char *date_of_birth;
} LdReportPatient;

/**
 * LdReportFlag:
 * @LD_REPORT_FLAG_NONE: within the reference interval
 * @LD_REPORT_FLAG_LOW: below the interval
 * @LD_REPORT_FLAG_HIGH: above the interval
 * @LD_REPORT_FLAG_CRITICAL_LOW: below the critical limit
 * @LD_REPORT_FLAG_CRITICAL_HIGH: above the critical limit
 * @LD_REPORT_FLAG_ABNORMAL: a text or choice result outside the normal ones
 * @LD_REPORT_FLAG_NO_REFERENCE: no interval applies to this patient
 *
 * The server's result flag, as printed.
 */
typedef enum
{
  LD_REPORT_FLAG_NONE,
  LD_REPORT_FLAG_LOW,
  LD_REPORT_FLAG_HIGH,
  LD_REPORT_FLAG_CRITICAL_LOW,
  LD_REPORT_FLAG_CRITICAL_HIGH,
  LD_REPORT_FLAG_ABNORMAL,
  LD_REPORT_FLAG_NO_REFERENCE,
} LdReportFlag;

/**
 * LdReportResult:
 * @name: the test's name
 * @value: the result as reported, already rounded to the test's decimals
 * @unit: (nullable): unit
 * @reference: (nullable): the reference interval as text, such as "13.0 – 17.0"
 * @flag: the flag
 * @comment: (nullable): the result's comment
 * @previous_value: (nullable): for an amended result, the value (and unit)
 *   reported before; %NULL when the result was not amended
 * @amendment_reason: (nullable): why it was amended
 * @critical_call_to: (nullable): for a critical value, whom the lab
 *   telephoned, as shown ("Dr Mehta (referring doctor)"); %NULL for none
 * @critical_call_by: (nullable): who telephoned
 * @critical_call_us: when, UTC microseconds
 */
typedef struct
{
  char         *name;
  char         *value;
  char         *unit;
  char         *reference;
  LdReportFlag  flag;
  char         *comment;
  char         *previous_value;
  char         *amendment_reason;
  /* Issue 18, signing: the critical value's telephone call. */
  char         *critical_call_to;
  char         *critical_call_by;
  gint64        critical_call_us;
} LdReportResult;

/**
 * LdReportPanel:
 * @title: (nullable): the panel's name, or a heading for tests ordered on
 *   their own; %NULL for tests that stand directly under their department
 * @results: (element-type LdReportResult): its rows, in order
 * @department: (nullable): the department heading the group stands under,
 *   as printed ("Haematology"); consecutive groups with the same one share
 *   one heading; %NULL for none
 */
typedef struct
{
  char      *title;
  GPtrArray *results;
  /* Report layout (issue 18): departments. */
  char      *department;
} LdReportPanel;

/**
 * LdReportSample:
 * @accession: the sample's accession number
 * @specimen: (nullable): such as "Venous blood"
 * @container: (nullable): such as "EDTA (lavender)"
 * @collected_us: collection time, UTC microseconds; 0 when unknown
 * @received_us: receipt in the lab, UTC microseconds; 0 when unknown
 */
typedef struct
{
  char   *accession;
  char   *specimen;
  char   *container;
  gint64  collected_us;
  gint64  received_us;
} LdReportSample;

/**
 * LdLabReport:
 * @lab: the lab
 * @patient: the patient
 * @doctor: (nullable): the requesting doctor, as shown
 * @order_number: the order number
 * @samples: (element-type LdReportSample): the order's samples
 * @panels: (element-type LdReportPanel): results grouped by panel
 * @comments: (nullable): comments and interpretation for the whole report
 * @verified_by: (nullable): who verified the results
 * @verified_us: when, UTC microseconds
 * @released_by: (nullable): who released the report
 * @released_us: when, UTC microseconds; also the PDF's creation date
 * @version: the report's version, 1 for the original
 * @corrected: %TRUE for a corrected report (a version after an amendment)
 * @correction_note: (nullable): why it was corrected
 * @verification_code: (nullable): the short code printed under the QR code
 * @verification_url: (nullable): the address the QR code carries
 * @clinical_notes: (nullable): the requesting doctor's clinical notes
 * @referred_by: (nullable): the outside doctor who referred the patient
 *   (no user of the system), as typed; @doctor is the requesting user
 * @signatory_qualification: (nullable): the releasing signatory's
 *   qualification, such as "MD (Pathology)"
 * @signatory_registration: (nullable): their registration number
 * @signatory_signature_png: (nullable): an image of their signature
 * @interpretation: (nullable): the pathologist's interpretation of the
 *   whole report, printed at its end
 */
typedef struct
{
  LdReportLab     *lab;
  LdReportPatient *patient;
  char            *doctor;
  char            *order_number;
  GPtrArray       *samples;
  GPtrArray       *panels;
  char            *comments;
  char            *verified_by;
  gint64           verified_us;
  char            *released_by;
  gint64           released_us;
  guint            version;
  gboolean         corrected;
  char            *correction_note;
  char            *verification_code;
  char            *verification_url;
  /* Report layout (issue 18): the order's clinical notes and the outside
   * doctor who referred the patient, as typed at the desk. */
  char            *clinical_notes;
  char            *referred_by;
  /* Issue 18, signing: the authorised signatory beside "Released by",
   * and the report-wide interpretation. */
  char            *signatory_qualification;
  char            *signatory_registration;
  GBytes          *signatory_signature_png;
  char            *interpretation;
} LdLabReport;

/**
 * LdReceiptItem:
 * @description: what was charged for
 * @note: (nullable): such as "Included in Lipid profile"
 * @amount_paise: what was charged, in paise
 */
typedef struct
{
  char   *description;
  char   *note;
  gint64  amount_paise;
} LdReceiptItem;

/**
 * LdReceiptPayment:
 * @method: as shown, such as "UPI" or "Refund (cash)"
 * @reference: (nullable): the card slip, UPI or gateway reference
 * @amount_paise: the amount; negative for money given back
 * @at_us: when, UTC microseconds
 * @reason: (nullable): why money was given back
 * @tendered_paise: cash handed over, or -1
 * @change_paise: cash given back as change, or -1
 */
typedef struct
{
  char   *method;
  char   *reference;
  gint64  amount_paise;
  gint64  at_us;
  char   *reason;
  gint64  tendered_paise;
  gint64  change_paise;
} LdReceiptPayment;

/**
 * LdReceipt:
 * @lab: the lab
 * @patient: the patient
 * @order_number: the order number, which is also the receipt's number
 * @issued_us: when the receipt is issued, UTC microseconds
 * @items: (element-type LdReceiptItem): the charged items
 * @subtotal_paise: sum of the items
 * @discount_label: (nullable): such as "Senior citizen 10%"
 * @discount_paise: the discount, as a positive amount
 * @fee_label: (nullable): such as "Home collection"
 * @fee_paise: a fee on top of the items
 * @tax_label: (nullable): such as "Tax"
 * @tax_paise: the tax
 * @total_paise: what the order costs
 * @payments: (element-type LdReceiptPayment): each payment and refund
 * @paid_paise: paid in all, before refunds
 * @refunded_paise: given back
 * @net_paid_paise: @paid_paise less @refunded_paise
 * @balance_paise: still due: @total_paise less @paid_paise, never below 0
 * @receipt_number: (nullable): the order number and how many times money
 *   moved, so a later receipt of the same order has a later number
 * @cashier: (nullable): who issues the receipt
 * @cod_paise: cash promised on collection and not yet taken, or 0
 * @doctor: (nullable): the referring doctor, as shown
 *
 * The amounts are the server's, printed as given; the renderer does no
 * pricing of its own.
 */
typedef struct
{
  LdReportLab     *lab;
  LdReportPatient *patient;
  char            *order_number;
  gint64           issued_us;
  GPtrArray       *items;
  gint64           subtotal_paise;
  char            *discount_label;
  gint64           discount_paise;
  char            *fee_label;
  gint64           fee_paise;
  char            *tax_label;
  gint64           tax_paise;
  gint64           total_paise;
  GPtrArray       *payments;
  gint64           paid_paise;
  gint64           refunded_paise;
  gint64           net_paid_paise;
  gint64           balance_paise;
  char            *receipt_number;
  char            *cashier;
  gint64           cod_paise;
  char            *doctor;
} LdReceipt;

/**
 * LdLabel:
 * @accession: the sample's accession number, which the barcode carries
 * @patient_name: the patient's name
 * @mrn: the patient's record number
 * @sex_age: (nullable): short, such as "F 34y"
 * @specimen: (nullable): such as "Venous blood"
 * @container: (nullable): such as "EDTA (lavender)"
 * @order_number: (nullable): the order number
 * @collected_us: collection time, UTC microseconds; 0 when not yet collected
 * @test_codes: (nullable): the tests the tube is for, such as CBC and ESR
 * @priority: (nullable): the order's priority: routine, urgent or stat
 */
typedef struct
{
  char   *accession;
  char   *patient_name;
  char   *mrn;
  char   *sex_age;
  char   *specimen;
  char   *container;
  char   *order_number;
  gint64  collected_us;
  GStrv   test_codes;
  char   *priority;
} LdLabel;

/**
 * LdLabelSet:
 * @time_zone: (nullable): IANA zone for the collection times; %NULL for local
 * @labels: (element-type LdLabel): one label per sample
 * @first_position: on an A4 sheet, where the first label goes, counted
 *   from 0 along the rows from the top left: a sheet part used by an
 *   earlier print is fed again with its used labels skipped; 0 on a roll
 * @dpi: on a roll, the label printer's resolution (203 or 300): the
 *   barcode's bars are then whole printer dots; 0 to fit the label's width
 */
typedef struct
{
  char      *time_zone;
  GPtrArray *labels;
  guint      first_position;
  guint      dpi;
} LdLabelSet;

LdReportLab      *ld_report_lab_new          (void);
void              ld_report_lab_free         (LdReportLab      *lab);
LdReportPatient  *ld_report_patient_new      (void);
void              ld_report_patient_free     (LdReportPatient  *patient);

LdReportSample   *ld_report_sample_new       (const char       *accession,
                                              const char       *specimen,
                                              const char       *container,
                                              gint64            collected_us,
                                              gint64            received_us);
void              ld_report_sample_free      (LdReportSample   *sample);
LdReportResult   *ld_report_result_new       (const char       *name,
                                              const char       *value,
                                              const char       *unit,
                                              const char       *reference,
                                              LdReportFlag      flag);
void              ld_report_result_free      (LdReportResult   *result);
LdReportPanel    *ld_report_panel_new        (const char       *title);
void              ld_report_panel_free       (LdReportPanel    *panel);
LdReportResult   *ld_report_panel_add_result (LdReportPanel    *panel,
                                              const char       *name,
                                              const char       *value,
                                              const char       *unit,
                                              const char       *reference,
                                              LdReportFlag      flag);
LdLabReport      *ld_lab_report_new          (void);
void              ld_lab_report_free         (LdLabReport      *report);
LdReportPanel    *ld_lab_report_add_panel    (LdLabReport      *report,
                                              const char       *title);
gboolean          ld_lab_report_equal        (const LdLabReport *a,
                                              const LdLabReport *b);

LdReceiptItem    *ld_receipt_item_new        (const char       *description,
                                              const char       *note,
                                              gint64            amount_paise);
void              ld_receipt_item_free       (LdReceiptItem    *item);
LdReceiptPayment *ld_receipt_payment_new     (const char       *method,
                                              const char       *reference,
                                              gint64            amount_paise,
                                              gint64            at_us);
void              ld_receipt_payment_free    (LdReceiptPayment *payment);
LdReceipt        *ld_receipt_new             (void);
void              ld_receipt_free            (LdReceipt        *receipt);

LdLabel          *ld_label_new               (void);
void              ld_label_free              (LdLabel          *label);
LdLabelSet       *ld_label_set_new           (void);
void              ld_label_set_free          (LdLabelSet       *set);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReportLab, ld_report_lab_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReportPatient, ld_report_patient_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReportSample, ld_report_sample_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReportResult, ld_report_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReportPanel, ld_report_panel_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdLabReport, ld_lab_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReceiptItem, ld_receipt_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReceiptPayment, ld_receipt_payment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReceipt, ld_receipt_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdLabel, ld_label_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdLabelSet, ld_label_set_free)

G_END_DECLS
