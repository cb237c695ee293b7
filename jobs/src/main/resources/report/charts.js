/*
 * roofsweep report runtime: draws each div.chart of the page from the JSON spec named by its data-spec attribute.
 * A spec is {"choices": [{"label": ..., "option": <ECharts option>}], "select": <label of the selector>}; with more
 * than one choice a selector above the chart picks which option is shown. Every chart gets a tooltip that lists the
 * "info" of the data item under the pointer (a point's inputs and results), legend toggles, zoom by mouse wheel and
 * by box, and a "save as image" button (PNG).
 */
(function () {
  'use strict';
  var charts = [];
  window.roofsweepCharts = charts;

  function escape(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  function tooltip(p) {
    var d = p.data || {};
    var lines = ['<b>' + escape(p.seriesName) + '</b>'];
    if (d.info) {
      Object.keys(d.info).forEach(function (k) {
        lines.push(escape(k) + ': <b>' + escape(d.info[k]) + '</b>');
      });
    } else {
      lines.push(escape(Array.isArray(p.value) ? p.value.join(', ') : p.value));
    }
    return lines.join('<br/>');
  }

  function decorate(option) {
    option.animation = false;
    option.tooltip = Object.assign({trigger: 'item', confine: true, formatter: tooltip}, option.tooltip || {});
    option.toolbox = {right: 10, feature: {dataZoom: {}, restore: {}, saveAsImage: {pixelRatio: 2}}};
    if (!option.dataZoom) {
      option.dataZoom = [{type: 'inside', xAxisIndex: 0, filterMode: 'none'},
                         {type: 'inside', yAxisIndex: 0, filterMode: 'none'}];
    }
    return option;
  }

  function draw(el) {
    var spec = JSON.parse(document.getElementById(el.getAttribute('data-spec')).textContent);
    var chart = echarts.init(el, null, {renderer: 'canvas'});
    charts.push(chart);
    function show(i) {
      chart.setOption(decorate(JSON.parse(JSON.stringify(spec.choices[i].option))), true);
    }
    if (spec.choices.length > 1) {
      var label = document.createElement('label');
      label.className = 'choice';
      label.textContent = spec.select + ': ';
      var select = document.createElement('select');
      spec.choices.forEach(function (c, i) {
        var o = document.createElement('option');
        o.value = String(i);
        o.textContent = c.label;
        select.appendChild(o);
      });
      select.addEventListener('change', function () { show(Number(select.value)); });
      label.appendChild(select);
      el.parentNode.insertBefore(label, el);
    }
    show(0);
  }

  document.querySelectorAll('div.chart').forEach(draw);
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  window.roofsweepReady = true;
})();
