// The weekly earnings chart of the dashboard (Qt Graphs 2D).
// Take-home, marketplace fee and tax set aside are stacked per billing week; hours are a
// line on their own axis at the right. app/ui/dashboard/chart.py fills the series by
// objectName and sets the colours from the widget palette, so light and dark both read.
import QtQuick
import QtGraphs

Rectangle {
    id: root

    property color textColor: "#1f2328"
    property color mutedColor: "#59636e"
    property color gridColor: "#d8dee4"
    property color hoursColor: "#0969da"
    property color highlightColor: "#0969da"
    property var barColors: ["#2da44e", "#d4a72c", "#8c959f"]
    property bool dark: false
    property string fontFamily: "sans-serif"
    property real fontSize: 9
    property string localeName: "en_US"
    property string moneyTitle: ""
    property int weekCount: 0
    property var categoryList: []
    // The widest week label in pixels: narrow charts label every 2nd, 3rd… week.
    property real labelWidth: 60
    readonly property int labelStep: Math.max(1, Math.ceil(labelWidth * weekCount / Math.max(view.plotArea.width, 1)))
    property int hoveredIndex: -1

    // The pointer is over the week at `index` (-1: left the bars); x and y in this item.
    signal weekHovered(int index, real x, real y)

    color: "transparent"

    function grouped(text) {
        const value = Number(text);
        return isNaN(value) ? text : value.toLocaleString(Qt.locale(root.localeName), "f", 0);
    }

    GraphsView {
        id: view
        objectName: "view"
        anchors.fill: parent
        marginLeft: 4
        marginRight: 4
        marginTop: 10
        marginBottom: 4

        theme: GraphsTheme {
            colorScheme: root.dark ? GraphsTheme.ColorScheme.Dark : GraphsTheme.ColorScheme.Light
            seriesColors: root.barColors
            borderColors: root.barColors
            borderWidth: 0
            backgroundVisible: false
            plotAreaBackgroundVisible: false
            labelTextColor: root.textColor
            labelFont.family: root.fontFamily
            labelFont.pointSize: root.fontSize
            axisXLabelFont.family: root.fontFamily
            axisXLabelFont.pointSize: root.fontSize
            axisYLabelFont.family: root.fontFamily
            axisYLabelFont.pointSize: root.fontSize
            grid.mainColor: root.gridColor
            grid.subColor: root.gridColor
            axisX.mainColor: root.gridColor
            axisX.labelTextColor: root.mutedColor
            axisY.mainColor: root.gridColor
            axisY.labelTextColor: root.mutedColor
        }

        axisX: BarCategoryAxis {
            objectName: "weeksAxis"
            gridVisible: false
            subGridVisible: false
            // The newest week is always labelled, then every labelStep-th one back from it.
            labelDelegate: Item {
                property string text
                implicitWidth: weekLabel.implicitWidth
                implicitHeight: weekLabel.implicitHeight
                Text {
                    id: weekLabel
                    anchors.centerIn: parent
                    text: parent.text
                    visible: (root.weekCount - 1 - root.categoryList.indexOf(parent.text)) % root.labelStep === 0
                    color: root.mutedColor
                    font.family: root.fontFamily
                    font.pointSize: root.fontSize
                }
            }
        }

        axisY: ValueAxis {
            objectName: "moneyAxis"
            subTickCount: 0
            labelDecimals: 0
            titleText: root.moneyTitle
            titleColor: root.mutedColor
            titleFont.family: root.fontFamily
            titleFont.pointSize: root.fontSize
            labelDelegate: Item {
                property string text
                implicitWidth: moneyLabel.implicitWidth
                implicitHeight: moneyLabel.implicitHeight
                Text {
                    id: moneyLabel
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    text: root.grouped(parent.text)
                    color: root.mutedColor
                    font.family: root.fontFamily
                    font.pointSize: root.fontSize
                }
            }
        }

        BarSeries {
            objectName: "bars"
            barsType: BarSeries.BarsType.Stacked
            barWidth: 0.62
            // Square segments: the default rounds every segment, which reads as separate pills.
            barDelegate: Rectangle {
                property color barColor
                color: barColor
            }
            BarSet { objectName: "take_home"; label: "Take-home" }
            BarSet { objectName: "fee"; label: "Marketplace fee" }
            BarSet { objectName: "tax"; label: "Tax set aside" }
            BarSet { objectName: "costs"; label: "Costs and withdrawal fees" }
        }

        LineSeries {
            objectName: "hours"
            name: "Hours"
            color: root.hoursColor
            width: 2.5
            pointDelegate: Rectangle {
                width: 7
                height: 7
                radius: 3.5
                color: root.hoursColor
                border.color: root.dark ? "#0d1117" : "#ffffff"
                border.width: 1.5
            }
            axisY: ValueAxis {
                objectName: "hoursAxis"
                alignment: Qt.AlignRight
                subTickCount: 0
                labelDecimals: 0
                gridVisible: false
                subGridVisible: false
                titleText: "Hours"
                titleColor: root.hoursColor
                titleFont.family: root.fontFamily
                titleFont.pointSize: root.fontSize
            }
        }
    }

    // A soft band behind the hovered week, so the tooltip's week is plain to see.
    Rectangle {
        visible: root.hoveredIndex >= 0 && root.weekCount > 0
        x: view.plotArea.x + view.plotArea.width * root.hoveredIndex / Math.max(root.weekCount, 1)
        y: view.plotArea.y
        width: view.plotArea.width / Math.max(root.weekCount, 1)
        height: view.plotArea.height
        color: root.highlightColor
        opacity: 0.10
        z: -1
    }

    HoverHandler {
        id: hover
        onPointChanged: root.track(point.position.x, point.position.y)
        onHoveredChanged: if (!hovered) root.track(-1, -1)
    }

    function track(x, y) {
        const area = view.plotArea;
        let index = -1;
        if (hover.hovered && root.weekCount > 0 && area.width > 0
                && x >= area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height) {
            index = Math.floor((x - area.x) / area.width * root.weekCount);
        }
        if (index !== root.hoveredIndex) {
            root.hoveredIndex = index;
            root.weekHovered(index, x, y);
        }
    }
}
