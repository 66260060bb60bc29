/* GLib keeps its quarks in one array and, by design, lets the old array go
 * when the table outgrows it (g_quark_new(): "This leaks the old quarks
 * array"). A test whose window passes 2,048 quarks therefore "leaks" the
 * first array, 16 KiB that GLib's own constructor allocated. Under the
 * fast unwinder its stack names nothing that a suppression could match.
 *
 * So each test program keeps the blocks of that size that the libraries'
 * constructors allocate, in a global that LeakSanitizer scans: they stay
 * reachable. Only allocations made before the program's own constructor
 * runs are kept, which none of our code does. */

#include <glib.h>

#if defined(__SANITIZE_ADDRESS__)
#define LD_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LD_TEST_ASAN 1
#endif
#endif

#ifdef LD_TEST_ASAN

/* GLib 2.74's QUARK_BLOCK_SIZE. */
#define QUARK_TABLE_BYTES (2048 * sizeof (char *))
#define KEPT_MAX 16

/* volatile and used: stores that nothing reads must still be made. */
__attribute__ ((used)) static const volatile void *volatile kept_blocks[KEPT_MAX];
static unsigned kept_count;
static gboolean program_started;

/* The sanitizer runtime calls this (a weak symbol of its own) after each
 * allocation, from the first one on, before any constructor. */
void __sanitizer_malloc_hook (const volatile void *ptr, size_t size);

void
__sanitizer_malloc_hook (const volatile void *ptr, size_t size)
{
  if (program_started || size != QUARK_TABLE_BYTES || kept_count == KEPT_MAX)
    return;
  kept_blocks[kept_count++] = ptr;
}

/* A program's constructors run after those of the libraries it uses. */
__attribute__ ((constructor)) static void
ld_test_quark_table_program_started (void)
{
  program_started = TRUE;
}

#endif
