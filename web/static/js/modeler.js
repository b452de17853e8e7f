// The process modeler page: bpmn-js (or dmn-js for a decision) on the draft's XML, a small
// properties panel for what butie's engine reads, and saving through the page's own form so
// the CSRF token and the server's checks apply. Without JavaScript the XML is edited as text.
(function () {
  "use strict";

  var SPIFF = {
    name: "SpiffWorkflow", uri: "http://spiffworkflow.org/bpmn/schema/1.0/core",
    prefix: "spiffworkflow", xml: { tagAlias: "lowerCase" }, associations: [],
    types: [
      { name: "Properties", superClass: ["Element"],
        properties: [{ name: "properties", type: "Property", isMany: true }] },
      { name: "Property", superClass: ["Element"],
        properties: [{ name: "name", isAttr: true, type: "String" },
                     { name: "value", isAttr: true, type: "String" }] },
      { name: "CalledDecisionId", superClass: ["Element"],
        properties: [{ name: "value", isBody: true, type: "String" }] },
      { name: "MessageVariable", superClass: ["Element"],
        properties: [{ name: "value", isBody: true, type: "String" }] },
      { name: "PreScript", superClass: ["Element"],
        properties: [{ name: "value", isBody: true, type: "String" }] },
      { name: "PostScript", superClass: ["Element"],
        properties: [{ name: "value", isBody: true, type: "String" }] },
      { name: "ServiceTaskOperator", superClass: ["Element"],
        properties: [{ name: "id", isAttr: true, type: "String" },
                     { name: "resultVariable", isAttr: true, type: "String" },
                     { name: "parameters", type: "Parameters" }] },
      { name: "Parameters", superClass: ["Element"],
        properties: [{ name: "parameters", type: "Parameter", isMany: true }] },
      { name: "Parameter", superClass: ["Element"],
        properties: [{ name: "id", isAttr: true, type: "String" },
                     { name: "type", isAttr: true, type: "String" },
                     { name: "value", isAttr: true, type: "String" }] }
    ]
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function showError(message) {
    var box = document.getElementById("modeler-error");
    box.textContent = message;
    box.hidden = false;
    document.getElementById("modeler-source").open = true;
  }

  // --- the BPMN properties panel ------------------------------------------------------------
  function Panel(modeler, root, known, texts) {
    this.modeling = modeler.get("modeling");
    this.moddle = modeler.get("moddle");
    this.root = root;
    this.known = known;
    this.texts = texts;
    this.element = null;
  }

  Panel.prototype.field = function (key, label, value, options, multiline) {
    var id = "p-" + key;
    var wrap = el("div", { "class": "field" });
    wrap.appendChild(el("label", { "for": id }, label));
    var input;
    if (options) {
      input = el("select", { id: id });
      input.appendChild(el("option", { value: "" }, this.texts.none));
      options.forEach(function (o) {
        var option = el("option", { value: o }, o);
        if (o === value) { option.selected = true; }
        input.appendChild(option);
      });
      if (value && options.indexOf(value) < 0) {  // keep an unknown value visible: checks flag it
        var odd = el("option", { value: value }, value);
        odd.selected = true;
        input.appendChild(odd);
      }
    } else if (multiline) {
      input = el("textarea", { id: id, rows: "3", spellcheck: "false" });
      input.value = value || "";
    } else {
      input = el("input", { id: id, type: "text" });
      input.value = value || "";
    }
    input.setAttribute("data-key", key);
    wrap.appendChild(input);
    this.root.appendChild(wrap);
    return input;
  };

  Panel.prototype.extension = function (bo, type) {
    var ext = bo.extensionElements;
    return ext && (ext.values || []).filter(function (v) { return v.$type === type; })[0];
  };

  Panel.prototype.ensureExtension = function (element, type, attrs) {
    var bo = element.businessObject;
    var ext = bo.extensionElements;
    if (!ext) {
      ext = this.moddle.create("bpmn:ExtensionElements", { values: [] });
      this.modeling.updateProperties(element, { extensionElements: ext });
    }
    var found = this.extension(bo, type);
    if (!found) {
      found = this.moddle.create(type, attrs);
      this.modeling.updateModdleProperties(element, ext, { values: (ext.values || []).concat([found]) });
    }
    return found;
  };

  Panel.prototype.spiffProperty = function (bo, name) {
    var props = this.extension(bo, "spiffworkflow:Properties");
    var found = props && (props.properties || []).filter(function (p) { return p.name === name; })[0];
    return found ? found.value : "";
  };

  Panel.prototype.setSpiffProperty = function (element, name, value) {
    var props = this.ensureExtension(element, "spiffworkflow:Properties", { properties: [] });
    var found = (props.properties || []).filter(function (p) { return p.name === name; })[0];
    if (found) {
      this.modeling.updateModdleProperties(element, found, { value: value });
    } else {
      var created = this.moddle.create("spiffworkflow:Property", { name: name, value: value });
      this.modeling.updateModdleProperties(element, props,
        { properties: (props.properties || []).concat([created]) });
    }
  };

  Panel.prototype.expression = function (body) {
    return body ? this.moddle.create("bpmn:FormalExpression", { body: body }) : undefined;
  };

  Panel.prototype.show = function (element) {
    var self = this;
    var t = this.texts;
    this.element = element;
    this.root.textContent = "";
    if (!element || element.type === "bpmn:Process" || element.type === "label") {
      this.root.appendChild(el("p", { "class": "meta" }, t.nothing));
      return;
    }
    var bo = element.businessObject;
    this.root.appendChild(el("h2", {}, bo.name || bo.id));
    this.root.appendChild(el("p", { "class": "meta" }, t.id + ": " + bo.id + " · " + element.type.replace("bpmn:", "")));
    if (element.type === "bpmn:Lane") {
      this.bind(this.field("name", t.lane, bo.name, this.known.lanes), function (v) {
        self.modeling.updateProperties(element, { name: v || undefined });
      });
      return;
    }
    this.bind(this.field("name", t.name, bo.name), function (v) {
      self.modeling.updateLabel(element, v);
    });
    if (element.type === "bpmn:UserTask") {
      this.bind(this.field("form", t.form, this.spiffProperty(bo, "form"), this.known.forms),
        function (v) { self.setSpiffProperty(element, "form", v); });
      this.bind(this.field("stage", t.stage, this.spiffProperty(bo, "stage"), this.known.stages),
        function (v) { self.setSpiffProperty(element, "stage", v); });
    }
    if (element.type === "bpmn:BusinessRuleTask") {
      var called = this.extension(bo, "spiffworkflow:CalledDecisionId");
      this.bind(this.field("decision", t.decision, called && called.value, this.known.decisions),
        function (v) {
          var target = self.ensureExtension(element, "spiffworkflow:CalledDecisionId", { value: v });
          self.modeling.updateModdleProperties(element, target, { value: v });
        });
    }
    if (element.type === "bpmn:ScriptTask") {
      this.bind(this.field("script", t.script, bo.script, null, true), function (v) {
        self.modeling.updateProperties(element, { script: v });
      });
    }
    if (element.type === "bpmn:SequenceFlow") {
      var condition = bo.conditionExpression && bo.conditionExpression.body;
      this.bind(this.field("condition", t.condition, condition, null, true), function (v) {
        self.modeling.updateProperties(element, { conditionExpression: self.expression(v) });
      });
    }
    (bo.eventDefinitions || []).forEach(function (definition) {
      if (definition.$type !== "bpmn:TimerEventDefinition") { return; }
      var kind = ["timeDate", "timeDuration", "timeCycle"].filter(function (k) { return definition[k]; })[0] || "timeDate";
      var input = self.field("timer", t.timer + " (" + t[kind] + ")", definition[kind] && definition[kind].body, null, true);
      self.bind(input, function (v) {
        var props = {};
        props[kind] = self.expression(v);
        self.modeling.updateModdleProperties(element, definition, props);
      });
    });
  };

  Panel.prototype.bind = function (input, apply) {
    input.addEventListener("change", function () { apply(input.value.trim()); });
  };

  // --- the first view ------------------------------------------------------------------------
  // fit-viewport alone shrinks a wide diagram until its labels are ~6 px and puts its left edge
  // under the palette: keep labels at least MIN_ZOOM of their size (12 px -> 10 px; the rest is
  // reached by dragging or scrolling) and start the diagram PAD px right of the palette.
  var MIN_ZOOM = 0.85;
  var PAD = 24;

  function firstView(editor, container) {
    var canvas = editor.get("canvas");
    canvas.zoom("fit-viewport");
    var zoom = Math.max(MIN_ZOOM, Math.min(1, canvas.zoom()));
    var inner = canvas.viewbox().inner;
    var frame = container.getBoundingClientRect();
    var palette = container.querySelector(".djs-palette");
    var left = (palette ? palette.getBoundingClientRect().right - frame.left : 0) + PAD;
    canvas.viewbox({ x: inner.x - left / zoom, y: inner.y - PAD / zoom,
                     width: frame.width / zoom, height: frame.height / zoom });
  }

  // --- unsaved changes --------------------------------------------------------------------------
  // The diagram and the XML text are two views of one file. An edit in either marks the page
  // unsaved (an indicator, and the browser's warning on leaving). The text follows the diagram
  // (refreshed after each diagram edit unless it is being typed in); the diagram follows the
  // text when the text is left (re-imported). Saving sends the side edited last: the text as
  // typed when it was (even if it does not parse: the server says why), else the diagram's XML.
  function Tracker(box, source, indicator, texts) {
    this.box = box;
    this.source = source;
    this.indicator = indicator;
    this.texts = texts;
    this.textAhead = false;   // the text holds edits the diagram does not show
    this.textBroken = false;  // ... and they do not import: the diagram cannot take them
    this.importing = false;
    this.saving = false;
    if (box.getAttribute("data-unsaved") === "true") { this.mark(); }  // a refused save
  }

  Tracker.prototype.mark = function () {
    this.box.setAttribute("data-dirty", "true");
    this.indicator.hidden = false;
  };

  Tracker.prototype.dirty = function () {
    return this.box.getAttribute("data-dirty") === "true" && !this.saving;
  };

  Tracker.prototype.typed = function () {
    this.textAhead = true;
    this.mark();
  };

  Tracker.prototype.diagramChanged = function (editor) {
    if (this.importing) { return; }
    this.mark();
    if (this.textBroken) { return; }  // the typed text wins until it is fixed
    this.textAhead = false;
    if (document.activeElement === this.source) { return; }
    var source = this.source;
    editor.saveXML({ format: true }).then(function (result) { source.value = result.xml; })
      .catch(function () { /* said again on saving */ });
  };

  Tracker.prototype.textLeft = function (editor, reimport) {
    var self = this;
    if (!this.textAhead) { return; }
    this.importing = true;
    reimport(this.source.value).then(function () {
      self.textBroken = false;
      hideError();
    }).catch(function (error) {
      self.textBroken = true;
      showError(self.texts.textError + " " + (error && error.message || ""));
    }).then(function () { self.importing = false; });
  };

  function hideError() {
    document.getElementById("modeler-error").hidden = true;
  }

  function reimporter(editor, kind) {
    return function (xml) {
      if (kind === "dmn") {
        return editor.importXML(xml).then(function () {
          var table = editor.getViews().filter(function (v) { return v.type === "decisionTable"; })[0];
          return table ? editor.open(table) : null;
        });
      }
      var canvas = editor.get("canvas");
      var kept = canvas.viewbox();
      return editor.importXML(xml).then(function () {
        canvas.viewbox({ x: kept.x, y: kept.y, width: kept.width, height: kept.height });
      });
    };
  }

  function listenToDiagram(editor, kind, tracker) {
    var bus = kind === "dmn" ? editor.getActiveViewer().get("eventBus") : editor.get("eventBus");
    bus.on("elements.changed", function () { tracker.diagramChanged(editor); });
  }

  // --- wiring ---------------------------------------------------------------------------------
  function start() {
    var box = document.getElementById("modeler");
    var form = document.getElementById("modeler-form");
    var source = document.getElementById("f-xml");
    if (!box || !form || !source) { return; }
    var kind = box.getAttribute("data-kind");
    var texts = JSON.parse(box.getAttribute("data-texts"));
    var known = JSON.parse(box.getAttribute("data-known"));
    var Editor = kind === "dmn" ? window.DmnJS : window.BpmnJS;
    if (!Editor) { return; }  // the bundle did not load: the XML stays editable as text
    var canvas = document.getElementById("modeler-canvas");
    var editor = kind === "dmn"
      ? new Editor({ container: canvas })
      : new Editor({ container: canvas, moddleExtensions: { spiffworkflow: SPIFF } });
    var panel = null;
    var tracker = new Tracker(box, source, document.getElementById("modeler-unsaved"), texts);
    var reimport = reimporter(editor, kind);
    source.addEventListener("input", function () { tracker.typed(); });
    source.addEventListener("change", function () { tracker.textLeft(editor, reimport); });
    window.addEventListener("beforeunload", function (event) {
      if (!tracker.dirty()) { return undefined; }
      event.preventDefault();
      event.returnValue = "";  // Chromium shows its own words
      return "";
    });
    editor.importXML(source.value).then(function () {
      if (kind === "dmn") {
        var table = editor.getViews().filter(function (v) { return v.type === "decisionTable"; })[0];
        if (!table) { return null; }
        return editor.open(table).then(function () { listenToDiagram(editor, kind, tracker); });
      }
      firstView(editor, canvas);
      listenToDiagram(editor, kind, tracker);
      panel = new Panel(editor, document.getElementById("modeler-properties"), known, texts);
      panel.show(null);
      editor.get("eventBus").on("selection.changed", function (event) {
        panel.show(event.newSelection.length === 1 ? event.newSelection[0] : null);
      });
      editor.get("eventBus").on("elements.changed", function () {
        if (panel.element && document.activeElement.closest("#modeler-properties") === null) {
          panel.show(panel.element);
        }
      });
      box.setAttribute("data-ready", "true");
      return null;
    }).then(function () {
      box.setAttribute("data-ready", "true");
    }).catch(function (error) {
      showError(texts.loadError + " " + (error && error.message || ""));
    });

    form.addEventListener("submit", function (event) {
      tracker.saving = true;  // leaving by saving is not leaving unsaved work
      if (box.getAttribute("data-ready") !== "true" || form.getAttribute("data-saving")) { return; }
      if (tracker.textAhead) { return; }  // the XML as typed is what is saved
      event.preventDefault();
      form.setAttribute("data-saving", "true");
      editor.saveXML({ format: true }).then(function (result) {
        source.value = result.xml;
        form.submit();
      }).catch(function (error) {
        form.removeAttribute("data-saving");
        tracker.saving = false;
        showError(texts.saveError + " " + (error && error.message || ""));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
