/**
 * The report's own script (runs in the browser after the inlined bundles): draws every
 * figure with vega-embed, sets up the 3-D viewer and its iso-value slider, and publishes
 * `window.__report = {ready, figures, errors}` so that a test (or a person in the console) can
 * tell when everything is drawn and whether anything failed. Plain ES2019, no modules: the
 * file must work from file:// with no server.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var errors = [];
  function fail(where, e) {
    var msg = where + ': ' + (e && e.message ? e.message : String(e));
    errors.push(msg);
    console.error('paddlewheel report: ' + msg);
  }
  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var specs = json('figure-data') || {};
  var jobs = Object.keys(specs).map(function (id) {
    var el = document.getElementById(id);
    return vegaEmbed(el, specs[id], {
      renderer: 'svg',
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: id,
    }).then(function (res) {
      el.setAttribute('data-rendered', 'true');
      return res;
    }, function (e) {
      el.textContent = 'This figure could not be drawn: ' + (e && e.message ? e.message : e);
      el.className += ' fig-missing';
      fail(id, e);
    });
  });

  function viewer() {
    var data = json('viewer-data');
    var host = document.getElementById('viewer');
    if (!data || !host) return Promise.resolve();
    var v = $3Dmol.createViewer(host, { backgroundColor: 'white', antialias: true });
    var vol = new $3Dmol.VolumeData(data.cube, 'cube');
    var c = data.cell, o = data.origin;
    function add(p, q) { return { x: p.x + q[0], y: p.y + q[1], z: p.z + q[2] }; }
    var O = { x: o[0], y: o[1], z: o[2] };
    var corners = [];
    for (var i = 0; i < 8; i++) {
      var p = O;
      if (i & 1) p = add(p, c[0]);
      if (i & 2) p = add(p, c[1]);
      if (i & 4) p = add(p, c[2]);
      corners.push(p);
    }
    [[0, 1], [0, 2], [0, 4], [1, 3], [1, 5], [2, 3], [2, 6], [4, 5], [4, 6], [3, 7], [5, 7], [6, 7]].forEach(function (e) {
      v.addCylinder({ start: corners[e[0]], end: corners[e[1]], radius: 0.04, color: '#777777', fromCap: 1, toCap: 1 });
    });
    data.anions.forEach(function (a) {
      v.addSphere({ center: { x: a[0], y: a[1], z: a[2] }, radius: 0.9, color: '#4c78a8' });
    });
    var slider = document.getElementById('iso');
    var label = document.getElementById('iso-label');
    var shape = null;
    function draw() {
      var lv = data.levels[Number(slider.value)];
      if (shape) v.removeShape(shape);
      shape = v.addIsosurface(vol, { isoval: lv.iso, color: '#d62728', alpha: 0.85, smoothness: 1 });
      label.textContent = 'iso-value ' + lv.iso.toPrecision(3) + ' \u00c5\u207b\u00b3 \u2014 encloses ' + (100 * lv.enclosed).toFixed(0) + ' % of the ' + data.cation;
      v.render();
    }
    slider.max = String(data.levels.length - 1);
    slider.value = String(data.start);
    slider.addEventListener('input', draw);
    v.zoomTo();
    draw();
    v.zoom(1.25);
    v.render();
    host.setAttribute('data-rendered', 'true');
    window.__viewer = v;
    return Promise.resolve();
  }

  var viewerJob;
  try {
    viewerJob = viewer().catch(function (e) { fail('3-D viewer', e); });
  } catch (e) {
    fail('3-D viewer', e);
    viewerJob = Promise.resolve();
  }
  window.__report = {
    figures: Object.keys(specs),
    errors: errors,
    ready: Promise.all(jobs.concat([viewerJob])).then(function () { return errors; }),
  };
})();
`;
