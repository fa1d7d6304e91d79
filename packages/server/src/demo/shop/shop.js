// 演示商城 — the cart (in this browser's localStorage) and the checkout. The page views, the
// clicks on links and on [data-xiang-event] are the real tracker's (/widget.js); this file adds
// the checkout as a custom event, with what was bought and never who bought it.
(function () {
  var key = 'xiang_demo_cart';
  var catalogue = JSON.parse(document.getElementById('catalogue').textContent);
  var english = document.documentElement.lang === 'en';
  function read() { try { return JSON.parse(localStorage.getItem(key) || '[]'); } catch (e) { return []; } }
  function write(cart) { try { localStorage.setItem(key, JSON.stringify(cart)); } catch (e) { /* a private window keeps no cart */ } }
  function showCount() {
    var count = document.querySelector('[data-cart-count]');
    if (count) count.textContent = String(read().length);
  }
  function product(slug) { return catalogue.filter(function (p) { return p.slug === slug; })[0]; }
  function say(text) { var status = document.querySelector('.status'); if (status) status.textContent = text; }

  document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('[data-add-to-cart]');
    if (!button) return;
    var cart = read();
    cart.push(button.getAttribute('data-add-to-cart'));
    write(cart);
    showCount();
    say(english ? 'Added to the cart.' : '已加入购物车。');
  });

  var list = document.getElementById('cart-items');
  if (list) {
    var cart = read().map(product).filter(Boolean);
    var total = 0;
    list.textContent = '';
    cart.forEach(function (p) {
      var item = document.createElement('li');
      item.textContent = (english ? p.en : p.zh) + ' — ¥' + p.price;
      list.appendChild(item);
      total += p.price;
    });
    if (!cart.length) {
      var empty = document.createElement('li');
      empty.textContent = english ? 'The cart is empty: add something from the products.' : '购物车是空的，请先挑选商品。';
      list.appendChild(empty);
    }
    var sum = document.getElementById('cart-total');
    if (sum) sum.textContent = '¥' + total;
  }

  var checkout = document.querySelector('form.checkout');
  if (checkout) {
    checkout.addEventListener('submit', function (e) {
      var cart = read().map(product).filter(Boolean);
      if (!cart.length) { e.preventDefault(); say(english ? 'The cart is empty.' : '购物车是空的。'); return; }
      var total = cart.reduce(function (n, p) { return n + p.price; }, 0);
      if (window.xiang && window.xiang.track) window.xiang.track('checkout', { items: cart.length, total: total });
      write([]);
    });
  }
  showCount();
})();
