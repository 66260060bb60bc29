/* pay.js: opens the gateway's Checkout from the patient's pay page.
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything Checkout needs is in the button's data attributes; the
 * gateway posts its answer to our return route (redirect mode).
 */
(function () {
  'use strict';
  var button = document.getElementById('open-checkout');
  var note = document.getElementById('needs-script');
  if (!button || typeof window.Razorpay !== 'function')
    return;
  if (note)
    note.hidden = true;
  button.hidden = false;
  button.addEventListener('click', function () {
    var d = button.dataset;
    var checkout = new window.Razorpay({
      key: d.key,
      amount: Number(d.amount),
      currency: d.currency,
      order_id: d.orderId,
      name: d.name,
      callback_url: d.callbackUrl,
      redirect: true
    });
    checkout.open();
  });
}());
